/** Prints the results as a Markdown table (pasteable into bench/README.md) and checks the targets. */
import type { Measurement } from './load.ts';

/** The issue's targets: REST keeps at least half the bare handler's throughput, and p99 stays under 50 ms. */
export const MIN_RATIO_TO_BARE = 0.5;
export const MAX_P99_MS = 50;

const fixed = (n: number, digits: number) => n.toFixed(digits);

/** Prints the table; answers whether REST met both targets with no failed requests (undefined: REST not run). */
export function printReport(title: string, results: Measurement[]): boolean | undefined {
  const bare = results.find((r) => r.target === 'bare');
  const lines = [
    `### ${title}`,
    '',
    '| target | requests/s | p50 ms | p99 ms | throughput vs bare | server CPU (cores) | server CPU ms/request | load generator CPU (cores) | machine CPU (cores) | bytes/response |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const ratio = bare ? `${fixed(r.requestsPerSecond / bare.requestsPerSecond, 2)}x` : 'n/a';
    lines.push(
      `| ${r.target} | ${fixed(r.requestsPerSecond, 0)} | ${fixed(r.p50Ms, 1)} | ${fixed(r.p99Ms, 1)} | ${ratio} | ${fixed(r.serverCores, 2)} | ${fixed((r.serverCores / r.requestsPerSecond) * 1000, 2)} | ${fixed(r.loadgenCores, 2)} | ${fixed(r.machineCores, 2)} | ${fixed(r.bytesPerResponse, 0)} |`,
    );
  }
  lines.push('');
  let restMet: boolean | undefined;
  for (const r of results.filter((x) => x.target !== 'bare')) {
    const ratio = bare ? r.requestsPerSecond / bare.requestsPerSecond : undefined;
    const ratioOk = ratio !== undefined && ratio >= MIN_RATIO_TO_BARE;
    const p99Ok = r.p99Ms < MAX_P99_MS;
    if (r.target === 'REST') restMet = ratioOk && p99Ok;
    lines.push(
      `- ${r.target}: throughput ${ratio === undefined ? 'not compared (bare not run)' : `${fixed(ratio, 2)}x bare (target >= ${MIN_RATIO_TO_BARE}x): ${ratioOk ? 'met' : 'MISSED'}`}; ` +
        `p99 ${fixed(r.p99Ms, 1)} ms (target < ${MAX_P99_MS} ms): ${p99Ok ? 'met' : 'MISSED'}` +
        (r.target === 'REST' ? '' : ' (informational)'),
    );
  }
  const failed = results.filter((r) => r.failed > 0);
  for (const r of failed) lines.push(`- ${r.target}: ${r.failed} failed requests (non-2xx or connection errors): figures are not valid`);
  console.log(lines.join('\n'));
  return restMet === undefined ? undefined : restMet && failed.length === 0;
}
