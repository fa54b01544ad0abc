# Convenience targets; the scripts are the source of truth.
.PHONY: demo test bench build
build:
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release && cmake --build build/release -j
demo:
	scripts/demo
test:
	scripts/test
bench: build
	bench/run
