/**
 * CPLEX LP format, so researchers can run the model in any MIP solver (HiGHS, CBC, Gurobi, CPLEX…).
 * Names are the generated ones (x_u3_w7 = unit 3 on worker 7); a comment header maps them back.
 */
import { Sense, variableName, type IntegerProgram } from './integerProgram.js';

export function writeLp(p: IntegerProgram, header: readonly string[] = []): string {
  const out: string[] = [];
  for (const line of header) out.push(`\\ ${line}`);
  out.push('Minimize');
  out.push(` obj: ${terms(p, Array.from({ length: p.variables }, (_, v) => [v, p.objective[v]] as const))}`);
  out.push('Subject To');
  for (let r = 0; r < p.rows; r++) {
    const row: (readonly [number, number])[] = [];
    for (let e = p.rowStart[r]; e < p.rowStart[r + 1]; e++) row.push([p.column[e], p.value[e]]);
    const op = p.sense[r] === Sense.LessEqual ? '<=' : p.sense[r] === Sense.Equal ? '=' : '>=';
    out.push(` ${p.rowName[r]}: ${terms(p, row)} ${op} ${num(p.rhs[r])}`);
  }
  out.push('Bounds');
  for (let v = 0; v < p.variables; v++) {
    const name = variableName(p, v);
    const lo = p.lower[v];
    const hi = p.upper[v];
    if (lo === hi) out.push(` ${name} = ${num(lo)}`);
    else if (Number.isFinite(hi)) out.push(` ${num(lo)} <= ${name} <= ${num(hi)}`);
    else if (lo !== 0) out.push(` ${name} >= ${num(lo)}`);
  }
  const binaries: string[] = [];
  for (let v = 0; v < p.variables; v++) if (p.integer[v]) binaries.push(variableName(p, v));
  if (binaries.length) {
    out.push('Binaries');
    for (let k = 0; k < binaries.length; k += 8) out.push(` ${binaries.slice(k, k + 8).join(' ')}`);
  }
  out.push('End');
  return `${out.join('\n')}\n`;
}

function terms(p: IntegerProgram, entries: readonly (readonly [number, number])[]): string {
  const parts: string[] = [];
  for (const [v, coef] of entries) {
    if (coef === 0) continue;
    const sign = coef < 0 ? '-' : '+';
    const mag = Math.abs(coef);
    parts.push(`${parts.length === 0 && sign === '+' ? '' : `${sign} `}${mag === 1 ? '' : `${num(mag)} `}${variableName(p, v)}`);
  }
  if (parts.length === 0) return `0 ${variableName(p, 0)}`;
  // LP format lines are best kept short: wrap every 10 terms.
  const lines: string[] = [];
  for (let k = 0; k < parts.length; k += 10) lines.push(parts.slice(k, k + 10).join(' '));
  return lines.join('\n   ');
}

function num(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '1e30' : '-1e30';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}
