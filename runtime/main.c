/* main.c — the `weft` command line, shaped like python3's.
 *
 *   weft [options] script.py [args...]   run a file
 *   weft [options] -c CODE [args...]     run a string
 *   weft [options] - [args...]           run standard input
 *   weft -V | --version, weft -h | --help
 *   -X tlbc=0|1  thread-local specialized bytecode (default 1; env PYTHON_TLBC)
 *   -X stats     print specialization and collector figures at exit
 *   -X dis       print the compiled bytecode of the program instead of running it
 *   -X run_slots=N  at most N threads run at once (default: the CPUs this
 *                process may use; 0 = no limit; env WEFT_RUN_SLOTS)
 * Exit status as CPython: 0, 1 for an uncaught exception, N for sys.exit(N),
 * 2 for usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "specialize/specialize.h"
#include "threads/threads.h"

static const char usage_line[] =
    "usage: weft [option] ... [-c cmd | file | -] [arg] ...\n";

static void print_help(void) {
    printf("%s", usage_line);
    printf("Options:\n"
           "-c cmd : program passed in as string (terminates option list)\n"
           "-h     : print this help message and exit (also -? or --help)\n"
           "-V     : print the version number and exit (also --version)\n"
           "-X opt : set implementation-specific option:\n"
           "         -X tlbc=0|1: run one shared, unspecialized copy of the bytecode (0)\n"
           "                      or a specialized copy per thread (1, the default);\n"
           "                      also PYTHON_TLBC=0|1\n"
           "         -X stats: print specialization and collector figures at exit\n"
           "         -X dis: print the program's bytecode instead of running it\n"
           "         -X run_slots=N: at most N threads run Python code at once\n"
           "                      (default: one per CPU; 0: no limit); also WEFT_RUN_SLOTS=N\n"
           "-u, -E, -S, -s, -B, -I, -O: accepted for compatibility; no effect\n"
           "file   : program read from script file\n"
           "-      : program read from stdin (default; interactive mode if a tty)\n"
           "arg ...: arguments passed to program in sys.argv[1:]\n");
}

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "%sTry `weft -h' for more information.\n", usage_line);
    return 2;
}

/* Parses a count 0..4096; -1 when invalid. */
static int parse_count(const char *value) {
    char *end;
    long v = strtol(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end != '\0' || v > 4096)
        return -1;
    return (int)v;
}

/* Parses a 0/1 switch value; -1 when invalid. */
static int parse_switch(const char *value) {
    if (strcmp(value, "0") == 0)
        return 0;
    if (strcmp(value, "1") == 0)
        return 1;
    return -1;
}

typedef struct Options {
    const char *command;   /* -c */
    const char *script;    /* file or "-" */
    int first_arg;         /* index in argv of sys.argv[0] */
    int tlbc;              /* -1 unset */
    int run_slots;         /* -1 unset */
    bool stats, dis;
} Options;

static int parse_x_option(Options *opts, const char *x) {
    if (strncmp(x, "tlbc=", 5) == 0) {
        int v = parse_switch(x + 5);
        if (v < 0) {
            fprintf(stderr, "weft: -X tlbc: invalid value '%s' (expected 0 or 1)\n", x + 5);
            return 2;
        }
        opts->tlbc = v;
    } else if (strcmp(x, "tlbc") == 0) {
        opts->tlbc = 1;
    } else if (strncmp(x, "run_slots=", 10) == 0) {
        opts->run_slots = parse_count(x + 10);
        if (opts->run_slots < 0) {
            fprintf(stderr, "weft: -X run_slots: invalid value '%s' (expected a count, 0 for no limit)\n",
                    x + 10);
            return 2;
        }
    } else if (strcmp(x, "stats") == 0) {
        opts->stats = true;
    } else if (strcmp(x, "dis") == 0) {
        opts->dis = true;
    }
    /* Like CPython, other -X options are accepted and ignored. */
    return 0;
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, Options *opts) {
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-?") == 0) {
            print_help();
            return 0;
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("weft %s (Python %s)\n", WF_IMPL_VERSION, WF_VERSION);
            return 0;
        }
        if (strncmp(a, "-c", 2) == 0) {
            opts->command = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (opts->command == NULL)
                return usage_error("Argument expected for the -c option\n", "");
            opts->first_arg = i; /* sys.argv[0] = "-c" */
            return -1;
        }
        if (strncmp(a, "-X", 2) == 0) {
            const char *x = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (x == NULL)
                return usage_error("Argument expected for the -X option\n", "");
            int rc = parse_x_option(opts, x);
            if (rc)
                return rc;
            continue;
        }
        if (strchr("uESsBIOq", a[1]) && a[2] == '\0')
            continue;
        return usage_error("Unknown option: %s\n", a);
    }
    if (i < argc) {
        opts->script = argv[i];
        opts->first_arg = i;
    }
    return -1;
}

static int tlbc_from_environment(Options *opts) {
    const char *env = getenv("PYTHON_TLBC");
    if (opts->tlbc >= 0 || env == NULL || env[0] == '\0')
        return 0;
    int v = parse_switch(env);
    if (v < 0) {
        fprintf(stderr, "weft: PYTHON_TLBC: invalid value '%s' (expected 0 or 1)\n", env);
        return 2;
    }
    opts->tlbc = v;
    return 0;
}

static int run_slots_from_environment(Options *opts) {
    const char *env = getenv("WEFT_RUN_SLOTS");
    if (opts->run_slots >= 0 || env == NULL || env[0] == '\0')
        return 0;
    opts->run_slots = parse_count(env);
    if (opts->run_slots < 0) {
        fprintf(stderr, "weft: WEFT_RUN_SLOTS: invalid value '%s' (expected a count, 0 for no limit)\n",
                env);
        return 2;
    }
    return 0;
}

static int run_program(const Options *opts) {
    if (opts->dis)
        return wf_dis_file(opts->command, opts->script);
    if (opts->command)
        return wf_run_string(opts->command, "<string>");
    if (opts->script && strcmp(opts->script, "-") != 0)
        return wf_run_file(opts->script);
    return wf_run_stdin();
}

int main(int argc, char **argv) {
    Options opts = {.tlbc = -1, .run_slots = -1, .first_arg = argc};
    int rc = parse_options(argc, argv, &opts);
    if (rc >= 0)
        return rc;
    if ((rc = tlbc_from_environment(&opts)) != 0)
        return rc;
    if ((rc = run_slots_from_environment(&opts)) != 0)
        return rc;
    wf_run_slots_configure(opts.run_slots >= 0 ? opts.run_slots : wf_run_slots_default());

    WfInterpreter *interp = &wf_main_interpreter;
    interp->tlbc_enabled = opts.tlbc != 0;
    interp->stats_enabled = opts.stats;
    interp->dis_enabled = opts.dis;
    if (wf_runtime_init() < 0) {
        fprintf(stderr, "weft: fatal error: could not initialise the runtime\n");
        return 1;
    }
    /* sys.argv: ["-c", args...], ["script", args...] or [""] for stdin. */
    static char *empty_argv[] = {"", NULL};
    if (opts.command)
        argv[opts.first_arg] = "-c";
    if (opts.first_arg < argc)
        rc = wf_runtime_set_argv(argc - opts.first_arg, argv + opts.first_arg);
    else
        rc = wf_runtime_set_argv(1, empty_argv);
    if (rc < 0)
        return 1;

    rc = run_program(&opts);
    if (opts.stats)
        wf_stats_print(stderr);
    wf_runtime_finalize();
    return rc;
}
