/** A QR code as SVG path data: one run of dark modules per subpath, in module units. */
export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** `M{x} {y}h{run}v1h-{run}z` for each run of dark modules in a row. */
  d: string;
}

/**
 * The QR code of `text`, with medium error correction (a code photographed off a screen survives
 * glare). The encoder (lean-qr's small build, about 2 KB) is fetched the first time a code is shown.
 */
export async function qrPath(text: string): Promise<QrPath> {
  const { generate, correction } = await import('lean-qr/nano');
  const code = generate(text, { minCorrectionLevel: correction.M });
  let d = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue;
      let run = 1;
      while (x + run < code.size && code.get(x + run, y)) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: code.size, d };
}
