"""A synthetic municipality for the demo, tests and benchmarks (`qinfo demo`).

build.build_demo() is the entry point: simulate (simulate.World, with the causal model of
causal.py, the people of people.py and the classes of curriculum.py), then load in bulk (write.py,
write_marks.py through loader.Loader). The same seed and the same "today" give the same data.
"""
