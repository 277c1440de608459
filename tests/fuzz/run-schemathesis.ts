import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Installed by scripts/bootstrap.mjs (`node scripts/bootstrap.mjs test`). */
export const SCHEMATHESIS_DIR = `${repoRoot}.tools/schemathesis`;

export type FuzzRun = {
  command: string;
  exitCode: number | null;
  /** API operations schemathesis selected and tested. */
  operations: number;
  /** Test cases (requests) it generated over every phase. */
  examples: number;
  /** One entry per distinct finding: "STxxx METHOD /path" of the request that reproduces it. */
  failures: string[];
  /** Schemathesis' own text for each finding (same order as `failures`). */
  details: string[];
  wallMs: number;
  output: string;
};

/**
 * Runs `python3 -m schemathesis.cli run` against a live API and reads its JUnit report (which
 * operations failed which check) and its summary (how many cases it generated).
 */
export async function runSchemathesis(opts: {
  schemaUrl: string;
  baseUrl: string;
  headers: Record<string, string>;
  args: string[];
  reportDir: string;
}): Promise<FuzzRun> {
  if (!existsSync(`${SCHEMATHESIS_DIR}/schemathesis`))
    throw new Error(
      `schemathesis is not installed in ${SCHEMATHESIS_DIR}: run \`node scripts/bootstrap.mjs test\``,
    );
  rmSync(opts.reportDir, { recursive: true, force: true });
  mkdirSync(opts.reportDir, { recursive: true });
  const junit = `${opts.reportDir}/junit.xml`;
  const args = [
    '-m',
    'schemathesis.cli',
    'run',
    opts.schemaUrl,
    '--url',
    opts.baseUrl,
    ...Object.entries(opts.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    ...opts.args,
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--no-color',
  ];
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('python3', args, {
      // It keeps state in ./.schemathesis (replay cases): under the report, not in the repo root.
      cwd: opts.reportDir,
      // The CLI draws progress bars for a terminal; a wide fake one keeps its summary on one line.
      env: { ...process.env, PYTHONPATH: SCHEMATHESIS_DIR, PYTHONUNBUFFERED: '1', COLUMNS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      text += b.toString();
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, output: text }));
  });
  const wallMs = Date.now() - started;
  if (!existsSync(junit))
    throw new Error(`schemathesis wrote no report (exit ${code}):\n${output.slice(-4000)}`);
  const xml = readFileSync(junit, 'utf8');
  // A testcase names the operation schemathesis was on, but stateful and method checks file their
  // findings under whichever one ran them: key each finding by the request it reproduces with.
  const findings = new Map<string, string>();
  for (const m of xml.matchAll(/<failure[^>]*>([\s\S]*?)<\/failure>/g)) {
    for (const block of unescapeXml(m[1]!)
      .split(/^\d+\. Test Case ID/m)
      .slice(1)) {
      const curl = /curl -X (\w+) [^\n]*?'?(https?:\/\/[^\s']+)/.exec(block);
      const request = curl ? `${curl[1]} ${new URL(curl[2]!).pathname}` : 'unknown request';
      for (const code of new Set(block.match(/^- ST\d+/gm) ?? []))
        findings.set(`${code.slice(2)} ${request}`, `Test Case ID${block}`.trim());
    }
  }
  const tested = /Tested:\s+(\d+)/.exec(output);
  const generated = /(\d+) generated/.exec(output);
  return {
    command: `PYTHONPATH=.tools/schemathesis python3 ${args.map(quote).join(' ')}`,
    exitCode: code,
    operations: tested ? Number(tested[1]) : Number.NaN,
    examples: generated ? Number(generated[1]) : Number.NaN,
    failures: [...findings.keys()].sort(),
    details: [...findings.keys()].sort().map((k) => findings.get(k)!),
    wallMs,
    output,
  };
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

// Tokens are not secrets worth hiding in a throwaway test database, but keep the line readable.
const quote = (a: string) =>
  /^Authorization: Bearer /.test(a) ? "'Authorization: Bearer …'" : /[^\w@%+=:,./-]/.test(a) ? `'${a}'` : a;
