/*
 * Conference mixer capacity. Run: node --expose-gc --import tsx benchmarks/mixer.bench.ts
 *
 * One op is one 20 ms tick of a conference of N G.711 µ-law parties: decode
 * every party's payload, mix (N−1 each), encode every party's output. The
 * tick must finish in 20 ms of one core, so parties per core in real time
 * is N × ticks per second / 50. Two traffic shapes:
 * - "all talking": every party sends speech-level audio and gets its own
 *   N−1 mix encoded (the worst case);
 * - "3 talking": 3 parties talk, the others send silence (muted or DTX
 *   style, no contribution), and the common mix is encoded once for all
 *   of them, as an endpoint does with Mixer.commonMix.
 */
import { decodeUlawInto, encodeUlawInto, encodeUlaw } from '../media/codecs/index.ts';
import { Mixer } from '../media/mixer/index.ts';
import type { MixerParty } from '../media/mixer/index.ts';
import { bench } from './bench-harness.ts';

const FRAME = 160;
const TICKS_PER_SECOND = 50;

function tonePayload(frequencyHz: number): Buffer {
  const pcm = new Int16Array(FRAME);
  for (let i = 0; i < FRAME; i++) {
    pcm[i] = Math.round(3000 * Math.sin((2 * Math.PI * frequencyHz * i) / 8000));
  }
  return encodeUlaw(pcm);
}

interface Case {
  name: string;
  parties: number;
  partiesPerCore: number;
  opsPerSec: number;
  heapBytesPerOp: number;
}

function runCase(parties: number, talkers: number): Case {
  const mixer = new Mixer({ sampleRateHz: 8000 });
  const members: MixerParty[] = [];
  const payloads: Buffer[] = [];
  const outputs: Uint8Array[] = [];
  for (let k = 0; k < parties; k++) {
    const isTalker = k < talkers;
    members.push(mixer.addParty(`p${k}`, { isMuted: !isTalker }));
    payloads.push(tonePayload(isTalker ? 300 + 37 * k : 0));
    outputs.push(new Uint8Array(FRAME));
  }
  const shared = new Uint8Array(FRAME);
  const tick = (): void => {
    for (let k = 0; k < parties; k++) {
      const party = members[k]!;
      decodeUlawInto(payloads[k]!, party.input);
      party.commitInput();
    }
    mixer.mix();
    if (talkers < parties) encodeUlawInto(mixer.commonMix, shared);
    for (let k = 0; k < parties; k++) {
      const party = members[k]!;
      // Parties that hear exactly the common mix share its one encoding.
      if (party.isInCommonMix || talkers === parties) encodeUlawInto(party.output, outputs[k]!);
    }
  };
  const shape = talkers === parties ? 'all talking' : `${talkers} talking`;
  const name = `mixer tick: ${parties} parties, ${shape} (ulaw decode, mix, encode)`;
  const batch = Math.max(1, Math.round(20_000 / parties));
  const r = bench(name, tick, 1000, batch);
  return {
    name,
    parties,
    opsPerSec: r.opsPerSec,
    heapBytesPerOp: r.heapBytesPerOp,
    partiesPerCore: Math.floor((parties * r.opsPerSec) / TICKS_PER_SECOND),
  };
}

const cases: Case[] = [];
for (const n of [3, 10, 100, 500, 1000]) cases.push(runCase(n, n));
for (const n of [100, 1000]) cases.push(runCase(n, 3));
const worst = cases.filter((c) => c.parties >= 100 && !c.name.includes('3 talking'));
console.log(
  JSON.stringify({
    name: 'mixer capacity (G.711 parties per core in real time, all talking)',
    partiesPerCore: Math.min(...worst.map((c) => c.partiesPerCore)),
    cases: cases.map((c) => ({ name: c.name, partiesPerCore: c.partiesPerCore })),
  }),
);
