// Writes the target over and over, each version whole and self-describing:
// "v<k> <length>\n" + filler + "\nend v<k>\n". Says "ready" after the first write; runs until killed.
// Mode "atomic" uses writeAllAtomic (dist/); mode "plain" writes the target in place in 1 MB pieces,
// as a stream would (the control that shows a kill mid-write can leave a partial file).
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeAllAtomic } from '../../dist/cli/files.js';

const [target, sizeText, mode] = process.argv.slice(2);
const size = Number(sizeText);
const body = 'x'.repeat(size);
for (let k = 0; ; k++) {
  const text = `v${k} ${size}\n${body}\nend v${k}\n`;
  if (mode === 'plain') {
    const fd = openSync(target, 'w');
    for (let at = 0; at < text.length; at += 1 << 20) writeSync(fd, text.slice(at, at + (1 << 20)));
    closeSync(fd);
  }
  else writeAllAtomic([{ path: target, text }]);
  if (k === 0) process.stdout.write('ready\n');
}
