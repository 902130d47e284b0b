import cliProgress from 'cli-progress';
import type { ImportReporter } from '../import/run.js';
import type { ImportSummary } from '../import/writer.js';

const size = (bytes: number): string =>
  bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GB` : bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
const counts = (s: ImportSummary): string =>
  Object.entries(s.imported).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
const duration = (seconds: number): string =>
  seconds >= 3600 ? `${Math.floor(seconds / 3600)}h${Math.round((seconds % 3600) / 60)}m` : seconds >= 60 ? `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s` : `${Math.round(seconds)}s`;

/**
 * A progress bar with counts and ETA on a terminal; plain lines on stderr otherwise (a log, a
 * pipe, CI), at most one every `every` ms. Bad records go to stderr as they come, with where.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr, every = 5000): ImportReporter & { stop(): void } {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50,
      format: `${label} {bar} {percentage}% | {read} | {counts} | {skipped} already there, {bad} bad | ETA {eta_formatted}`,
    }, cliProgress.Presets.shades_classic);
    let started_ = false;
    const held: string[] = [];
    return {
      progress(read, summary) {
        const payload = {
          read: read.unit === 'bytes' ? `${size(read.done)}${read.total ? ` of ${size(read.total)}` : ''}` : `${read.done}${read.total ? ` of ${read.total}` : ''} rows`,
          counts: counts(summary), skipped: summary.skipped, bad: summary.badCount,
        };
        if (!started_) {
          bar.start(read.total ?? 0, read.done, payload);
          started_ = true;
        } else {
          if (read.total !== null) bar.setTotal(read.total);
          bar.update(read.done, payload);
        }
      },
      // Lines written under a live bar would be torn by its redraws: they follow it.
      bad(bad) {
        if (held.length < 100) held.push(`bad record at ${bad.at}: ${bad.message}`);
      },
      stop() {
        if (started_) bar.stop();
        for (const line of held) stream.write(`${line}\n`);
      },
    };
  }
  let last = 0;
  return {
    progress(read, summary) {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      const share = read.total ? read.done / read.total : null;
      const elapsed = (now - started) / 1000;
      const eta = share && share > 0 ? `, ETA ${duration((elapsed / share) * (1 - share))}` : '';
      const where = read.unit === 'bytes' ? `${size(read.done)}${read.total ? ` of ${size(read.total)}` : ''}` : `${read.done}${read.total ? ` of ${read.total}` : ''} rows`;
      stream.write(`${label}: ${share !== null ? `${Math.floor(share * 100)}% ` : ''}(${where}): ${counts(summary)}; ${summary.skipped} already there, ${summary.badCount} bad${eta}\n`);
    },
    bad(bad) {
      stream.write(`bad record at ${bad.at}: ${bad.message}\n`);
    },
    stop() {},
  };
}

/** The closing summary, on stdout. */
export function summaryText(summary: ImportSummary): string {
  return `imported into ${summary.site} from ${summary.source}: ${counts(summary)}; ${summary.skipped} already there (skipped); ` +
    `${summary.badCount} bad record${summary.badCount === 1 ? '' : 's'}; in ${duration(summary.seconds)}\n`;
}
