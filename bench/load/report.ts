// The load benchmark's tables: per variant medians, ratios per round against their targets, and
// the pipeline's CPU cost per notification.
import type { Measurement } from './load.js';
import type { HttpAdapter, Variant } from './variants.js';

/** One variant's measurement in one round. */
export interface RoundSample extends Measurement {
  readonly round: number;
  readonly tokensReused: number;
}

/** Every round's samples, by variant id. */
export type Samples = ReadonlyMap<string, readonly RoundSample[]>;

interface Ratio {
  readonly name: string;
  readonly over: string;
  readonly under: string;
  readonly target?: number;
}

// Issue 11's targets; the rows without one are there to read the others by.
const RATIOS: readonly Ratio[] = [
  { name: 'B/A express', over: 'B-express', under: 'A-express', target: 0.85 },
  { name: 'C/A express', over: 'C-express', under: 'A-express', target: 0.6 },
  { name: 'B/A fastify', over: 'B-fastify', under: 'A-fastify', target: 0.7 },
  {
    name: 'B fastify/express',
    over: 'B-fastify',
    under: 'B-express',
    target: 1.5,
  },
  { name: 'C/A fastify', over: 'C-fastify', under: 'A-fastify' },
  { name: 'C/D express', over: 'C-express', under: 'D-express' },
  { name: 'C/D fastify', over: 'C-fastify', under: 'D-fastify' },
  { name: 'A fastify/express', over: 'A-fastify', under: 'A-express' },
];

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `f` of the two variants' samples of the same round, for every round both have. */
function perRound(
  samples: Samples,
  a: string,
  b: string,
  f: (x: RoundSample, y: RoundSample) => number,
): number[] {
  const bs = samples.get(b) ?? [];
  return (samples.get(a) ?? []).flatMap((x) => {
    const y = bs.find((s) => s.round === x.round);
    return y ? [f(x, y)] : [];
  });
}

/** The table of medians, one row per variant. */
export function variantTable(
  variants: readonly Variant[],
  samples: Samples,
  peakRssMb: ReadonlyMap<string, number>,
): string {
  const rows = variants.map((v) => {
    const s = samples.get(v.id) ?? [];
    const m = (f: (x: RoundSample) => number) => median(s.map(f));
    const sum = (f: (x: RoundSample) => number) =>
      s.reduce((n, x) => n + f(x), 0);
    return `| ${v.id} | ${v.label} | ${m((x) => x.rps).toFixed(0)} | ${m((x) => x.p50)} | ${m((x) => x.p99)} | ${m((x) => x.cpuUsPerRequest).toFixed(0)} | ${m((x) => x.serverCpuPercent).toFixed(0)} | ${m((x) => x.harnessCpuPercent).toFixed(0)} | ${sum((x) => x.failures)} | ${sum((x) => x.tokensReused)} | ${(peakRssMb.get(v.id) ?? Number.NaN).toFixed(0)} |`;
  });
  return [
    '| variant | what | req/s | p50 ms | p99 ms | server CPU µs/req | server CPU % | harness CPU % | errors + non-2xx | tokens reused | peak RSS MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The ratios of req/s, each the median of its per-round ratios (range over the rounds), with targets. */
export function ratioLine(samples: Samples): string {
  const parts = RATIOS.map((r) => {
    const values = perRound(samples, r.over, r.under, (x, y) => x.rps / y.rps);
    if (values.length === 0) return `${r.name} = n/a`;
    const value = median(values);
    const range = `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
    const target =
      r.target === undefined
        ? ''
        : `, target >= ${r.target}: ${value >= r.target ? 'met' : 'MISSED'}`;
    return `${r.name} = ${value.toFixed(2)} (${range}${target})`;
  });
  return `Ratios of req/s (median of the per-round ratios; range over rounds): ${parts.join('; ')}`;
}

/**
 * The same ratios from CPU per request (the divisor's µs over the dividend's): what the req/s
 * ratios would be if each server had a core of its own, which a shared machine cannot promise.
 */
export function cpuRatioLine(samples: Samples): string {
  const parts = RATIOS.map((r) => {
    const values = perRound(
      samples,
      r.over,
      r.under,
      (x, y) => y.cpuUsPerRequest / x.cpuUsPerRequest,
    );
    return `${r.name} = ${values.length ? median(values).toFixed(2) : 'n/a'}`;
  });
  return `The same from server CPU per request (median per round): ${parts.join('; ')}`;
}

/** The pipeline's CPU per notification: the sample's server CPU per request over the bare app's. */
export function pipelineCpuLine(samples: Samples): string {
  const adapters: HttpAdapter[] = ['express', 'fastify'];
  const parts = adapters.flatMap((adapter) =>
    (['B', 'C'] as const).map((kind) => {
      const values = perRound(
        samples,
        `${kind}-${adapter}`,
        `A-${adapter}`,
        (x, y) => x.cpuUsPerRequest - y.cpuUsPerRequest,
      );
      return `${kind}-A ${adapter} = ${values.length ? median(values).toFixed(0) : 'n/a'}`;
    }),
  );
  return `Pipeline CPU per notification (server CPU µs/req over the bare app's, median of the per-round differences): ${parts.join('; ')}`;
}
