"""word_count: generate pseudo-random text, then split, normalise and count words -- dict and str heavy."""
import sys

EXPECTED = {1.0: '1314508 14354 ka:3112,el:3108,qua:3100,zer:3100,da:3097 zerzerzer 9171', 0.1: '131407 6331 ru:341,lo:333,hu:322,ul:322,da:319 zerzerzer 947'}

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "wen", "dor", "el", "fi",
             "gal", "hu", "is", "jo", "qua", "zer", "ti", "on", "ba", "ce", "da", "ul"]
PUNCT = ["", "", "", "", ",", ".", ";", "!", "?"]


class Lcg(object):
    def __init__(self, seed):
        self.state = seed

    def next(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 33) % n


def make_text(rng, n_words):
    lines = []
    words = []
    for i in range(n_words):
        nsyl = 1 + rng.next(3)
        w = "".join([SYLLABLES[rng.next(len(SYLLABLES))] for _ in range(nsyl)])
        if rng.next(10) == 0:
            w = w.capitalize()
        elif rng.next(25) == 0:
            w = w.upper()
        words.append(w + PUNCT[rng.next(len(PUNCT))])
        if len(words) == 12:
            lines.append(" ".join(words))
            words = []
    lines.append(" ".join(words))
    return "\n".join(lines)


def count_words(text):
    counts = {}
    for line in text.split("\n"):
        for word in line.split():
            w = word.strip(",.;!?").lower()
            if not w:
                continue
            counts[w] = counts.get(w, 0) + 1
    return counts


def bench(scale):
    n_words = max(100, int(220000 * scale))
    rng = Lcg(20240601)
    text = make_text(rng, n_words)
    counts = count_words(text)
    by_count = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ",".join(["%s:%d" % kv for kv in by_count[:5]])
    letters = {}
    for w, c in counts.items():
        first = w[0]
        letters[first] = letters.get(first, 0) + c
    longest = max(counts, key=lambda w: (len(w), w))
    return "%d %d %s %s %d" % (len(text), len(counts), top, longest, letters["k"])


def main():
    nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    if nthreads < 1 or scale <= 0:
        sys.stderr.write("usage: %s [THREADS [SCALE]]\n" % sys.argv[0])
        sys.exit(2)
    if nthreads == 1:
        results = [bench(scale)]
    else:
        import threading
        results = [None] * nthreads

        def worker(i):
            results[i] = bench(scale)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(nthreads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    first = results[0]
    for r in results:
        if r != first:
            sys.stderr.write("threads disagree: %r\n" % (results,))
            sys.exit(1)
    print("RESULT", first)
    want = EXPECTED.get(scale)
    if want is not None and str(first) != want:
        sys.stderr.write("wrong result: got %s, expected %s\n" % (first, want))
        sys.exit(1)


if __name__ == "__main__":
    main()
