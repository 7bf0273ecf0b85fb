"""First outputs of the demo generators' PRNG (sfc32 seeded by splitmix32).

Written from the algorithms' published definitions, independently of
lib/course/random.ts, to check that a seed gives the same stream there.
"""
from common import write_fixture

MASK = 0xFFFFFFFF


def splitmix32(state):
    state = (state + 0x9E3779B9) & MASK
    z = state
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK
    return state, z ^ (z >> 16)


class Sfc32:
    def __init__(self, seed):
        state = seed % 2**32
        words = []
        for _ in range(4):
            state, word = splitmix32(state)
            words.append(word)
        self.a, self.b, self.c, self.d = words
        for _ in range(12):
            self.next32()

    def next32(self):
        t = (self.a + self.b + self.d) & MASK
        self.d = (self.d + 1) & MASK
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & MASK
        self.c = ((self.c << 21) | (self.c >> 11)) & MASK
        self.c = (self.c + t) & MASK
        return t

    def uniform(self):
        high = self.next32() >> 5
        low = self.next32() >> 6
        return (high * 67108864 + low) / 9007199254740992


streams = {}
for seed in [0, 1, 2014, 4294967297]:
    generator = Sfc32(seed)
    words = [generator.next32() for _ in range(5)]
    uniforms = [generator.uniform() for _ in range(5)]
    streams[str(seed)] = {"next32": words, "uniform": uniforms}
write_fixture("random-stream", {"streams": streams})
