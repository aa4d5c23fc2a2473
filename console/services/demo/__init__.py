"""The demo database generator: a seeded, reproducible database for demos, tests and benches.

`builder` builds it (`build_demo`); `people` holds the pools of names, addresses and phones it
draws from; `work` lays out the tickets, visits, claims and questions around the given `now`.
"""
