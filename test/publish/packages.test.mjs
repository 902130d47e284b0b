// What a user gets from npm: every public package is packed as `pnpm publish` would pack it, checked
// (metadata, contents, source maps, publint, attw's ESM-only profile), then the tarballs are installed
// with npm into a fresh directory outside the workspace, where the Vite example is type-checked and
// built against them and the server's `teahouse` bin is run. Needs `pnpm build` first; the npm
// install reaches the registry for the third-party dependencies and compiles better-sqlite3.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';
import { VERSION_CONSTANTS } from '../../scripts/version-packages.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rootJson = readJson(join(root, 'package.json'));
const LICENSE = readFileSync(join(root, 'LICENSE'), 'utf8');
/** The oldest Node line every package supports. */
const NODE_FLOOR = 22;
/** Files that exist for the tests only and must never reach a user. */
const TEST_ONLY = /(^|\/)(test|tests|__tests__)\/|\.test\.[^/]+$|(^|\/)test-helpers\.[^/]+$/;

const PACKAGES = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, json: readJson(join(root, 'packages', dir, 'package.json')) }))
  .filter(({ json }) => !json.private);

const work = mkdtempSync(join(tmpdir(), 'teahouse-publish-'));
/** name → {tarball, files (paths inside the tarball), unpacked (its folder)} */
const packed = new Map();
const app = join(work, 'app');

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Runs a command to its end; its output is kept for the assertion message. */
function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}` };
}

/** npm as a user runs it: none of the settings pnpm hands to the scripts it runs. */
function userEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(npm_|pnpm_)/i.test(key) && key !== 'npm_config_nodedir') delete env[key];
  return env;
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path).split(sep).join('/')];
  });
}

before(() => {
  for (const { dir, json } of PACKAGES) {
    const cwd = join(root, 'packages', dir);
    const result = run('pnpm', ['pack', '--pack-destination', work], { cwd });
    assert.equal(result.code, 0, `pnpm pack ${json.name}:\n${result.output}`);
    const tarball = join(work, `${json.name.replace('@', '').replace('/', '-')}-${json.version}.tgz`);
    assert.ok(existsSync(tarball), `pnpm pack ${json.name} wrote no ${tarball}`);
    const unpacked = join(work, 'unpacked', dir);
    mkdirSync(unpacked, { recursive: true });
    const untar = run('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
    assert.equal(untar.code, 0, untar.output);
    packed.set(json.name, { tarball, unpacked, files: listFiles(unpacked) });
  }
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('should find the packages to publish', () => {
  assert.ok(PACKAGES.length >= 5, `only ${PACKAGES.map((p) => p.json.name).join(', ')}`);
});

for (const { dir, json: source } of PACKAGES) {
  describe(source.name, () => {
    const get = () => packed.get(source.name);

    test('should carry a README with an install line and an example, and the LICENSE', () => {
      const { unpacked, files } = get();
      assert.ok(files.includes('README.md'), 'no README.md');
      const readme = readFileSync(join(unpacked, 'README.md'), 'utf8');
      assert.match(readme, new RegExp(`^# ${source.name.replace('/', '\\/')}$`, 'm'), 'the README is titled with the package name');
      assert.ok(readme.includes(`npm install ${source.name}`), 'the README says how to install it');
      assert.ok((readme.match(/^```/gm)?.length ?? 0) >= 4, 'the README has an example besides the install line');
      assert.ok(files.includes('LICENSE'), 'no LICENSE');
      assert.equal(readFileSync(join(unpacked, 'LICENSE'), 'utf8'), LICENSE, 'LICENSE differs from the repository’s');
    });

    test('should describe itself to npm: description, keywords, repository, engines, publishConfig', () => {
      const json = readJson(join(get().unpacked, 'package.json'));
      assert.ok(json.description?.length > 20, 'description');
      assert.ok(Array.isArray(json.keywords) && json.keywords.includes('teahouse'), 'keywords');
      assert.equal(json.license, 'MIT');
      assert.deepEqual(json.repository, { ...rootJson.repository, directory: `packages/${dir}` });
      assert.equal(json.publishConfig?.access, 'public');
      assert.ok(semver.validRange(json.engines?.node), `engines.node ${json.engines?.node}`);
      assert.equal(semver.minVersion(json.engines.node).major, NODE_FLOOR, `engines.node ${json.engines.node} should start at ${NODE_FLOOR}`);
      assert.ok(semver.subset(json.engines.node, rootJson.engines.node), `engines.node ${json.engines.node} outside the workspace's ${rootJson.engines.node}`);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [name, range] of Object.entries(json[field] ?? {})) {
          assert.ok(!range.startsWith('workspace:'), `${field}.${name} is still ${range}`);
        }
      }
    });

    test('should ship no test files or helpers, and no source map pointing at a file it does not ship', () => {
      const { unpacked, files } = get();
      assert.deepEqual(files.filter((file) => TEST_ONLY.test(file)), []);
      const shipped = new Set(files);
      const dangling = [];
      for (const file of files.filter((f) => f.endsWith('.map'))) {
        const map = readJson(join(unpacked, file));
        map.sources.forEach((sourcePath, i) => {
          if (typeof map.sourcesContent?.[i] === 'string') return;
          const target = relative(unpacked, resolve(unpacked, dirname(file), map.sourceRoot ?? '', sourcePath)).split(sep).join('/');
          if (!shipped.has(target)) dangling.push(`${file} → ${sourcePath}`);
        });
      }
      for (const file of files.filter((f) => /\.(m?js|d\.ts)$/.test(f))) {
        const ref = readFileSync(join(unpacked, file), 'utf8').match(/^\/\/# sourceMappingURL=(.+)$/m)?.[1];
        if (ref && !ref.startsWith('data:')) {
          const target = relative(unpacked, resolve(unpacked, dirname(file), ref.trim())).split(sep).join('/');
          if (!shipped.has(target)) dangling.push(`${file} → ${ref}`);
        }
      }
      assert.deepEqual(dangling, []);
    });

    test('should pass publint', () => {
      const result = run(join(root, 'node_modules/.bin/publint'), ['run', get().tarball, '--strict'], { cwd: root });
      assert.equal(result.code, 0, result.output);
    });

    test("should resolve every entry point with types under attw's ESM-only profile", () => {
      const result = run(join(root, 'node_modules/.bin/attw'), [get().tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], { cwd: root });
      assert.equal(result.code, 0, result.output);
    });
  });
}

test('should state in code the version it is published as', () => {
  for (const { pkg, file } of VERSION_CONSTANTS) {
    const { name, version } = readJson(join(root, pkg));
    const built = file.replace(/^packages\/[^/]+\/src\//, 'dist/').replace(/\.ts$/, '.js');
    const code = readFileSync(join(packed.get(name).unpacked, built), 'utf8');
    assert.ok(code.includes(`export const version = '${version}';`), `${name} ${built} does not say ${version}`);
  }
});

describe('installed from the tarballs with npm', () => {
  const example = join(root, 'examples/vite-app');
  const exampleJson = readJson(join(example, 'package.json'));

  before(() => {
    mkdirSync(app);
    const dependencies = Object.fromEntries([...packed].map(([name, { tarball }]) => [name, `file:${tarball}`]));
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({
      name: 'teahouse-install-check',
      private: true,
      type: 'module',
      dependencies,
      devDependencies: { vite: exampleJson.devDependencies.vite, typescript: rootJson.devDependencies.typescript },
    }, null, 2)}\n`);
    // better-sqlite3's install script compiles SQLite (two minutes here: no prebuilt binary can be
    // downloaded). CI runs every install script as a user's npm would; elsewhere the install skips
    // them, takes the workspace's build of the very same better-sqlite3 for the very same Node and
    // runs the other packages' scripts.
    const full = Boolean(process.env.CI || process.env.TEAHOUSE_FULL_INSTALL);
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...(full ? [] : ['--ignore-scripts'])], { cwd: app, env: userEnv() });
    assert.equal(install.code, 0, `npm install:\n${install.output}`);
    if (!full) runInstallScripts();
  });

  function runInstallScripts() {
    const lock = readJson(join(app, 'package-lock.json'));
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!entry.hasInstallScript) continue;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const ours = findInstalled(join(root, 'packages/server'), name);
      const built = ours && join(ours.dir, 'build/Release');
      if (name === 'better-sqlite3' && ours.json.version === entry.version && existsSync(join(built, 'better_sqlite3.node'))) {
        cpSync(join(built, 'better_sqlite3.node'), join(app, path, 'build/Release/better_sqlite3.node'));
        continue;
      }
      const rebuild = run('npm', ['rebuild', name, '--no-audit', '--no-fund'], { cwd: app, env: userEnv() });
      assert.equal(rebuild.code, 0, `npm rebuild ${name}:\n${rebuild.output}`);
    }
  }

  test('should install outside the workspace, every package from its tarball', () => {
    assert.ok(!realpathSync(app).startsWith(realpathSync(root)), `${app} is inside the workspace`);
    for (const [name] of packed) {
      const installed = join(app, 'node_modules', name);
      assert.ok(existsSync(join(installed, 'package.json')), `${name} is not installed`);
      assert.ok(!realpathSync(installed).startsWith(realpathSync(root)), `${name} links into the workspace`);
    }
    // One copy each: a dependency between our packages resolved to the tarball, not to the registry.
    const lock = readJson(join(app, 'package-lock.json'));
    const copies = Object.keys(lock.packages).filter((path) => /node_modules\/@teahouse\//.test(path));
    assert.deepEqual(copies.sort(), [...packed.keys()].map((name) => `node_modules/${name}`).sort());
  });

  test('should claim no Node version that one of its dependencies does not support', () => {
    const problems = [];
    for (const [name] of packed) {
      const ours = readJson(join(app, 'node_modules', name, 'package.json')).engines.node;
      const seen = new Set();
      const visit = (dir, json) => {
        for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
          const found = findInstalled(dir, dep);
          if (!found) continue; // an optional peer nobody installed
          const key = `${dep}@${found.json.version}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const theirs = found.json.engines?.node;
          if (theirs && !withinRange(ours, theirs)) problems.push(`${name} says node ${ours}, ${key} wants ${theirs}`);
          visit(found.dir, found.json);
        }
      };
      visit(join(app, 'node_modules', name), readJson(join(app, 'node_modules', name, 'package.json')));
    }
    assert.deepEqual(problems, []);
  });

  test('should type-check and build the Vite example against them', () => {
    for (const entry of ['index.html', 'src', 'vite.config.ts']) cpSync(join(example, entry), join(app, entry), { recursive: true });
    // The example's tsconfig extends the workspace's: the same options, inlined.
    const base = readJson(join(root, 'tsconfig.base.json'));
    const own = readJson(join(example, 'tsconfig.json'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...base.compilerOptions, ...own.compilerOptions },
      include: own.include,
    }));
    const tsc = run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, env: userEnv() });
    assert.equal(tsc.code, 0, `tsc:\n${tsc.output}`);
    const build = run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, env: userEnv() });
    assert.equal(build.code, 0, `vite build:\n${build.output}`);
    const assets = join(app, 'dist/assets');
    const script = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
    assert.ok(script.includes('teahouse-comments'), 'the bundle defines <teahouse-comments>');
    assert.ok(readFileSync(join(app, 'dist/index.html'), 'utf8').includes('<teahouse-comments'));
  });

  test('should run the teahouse bin: help, migrate, site add, and serve the API and embed.js', async () => {
    const bin = join(app, 'node_modules/.bin/teahouse');
    const database = `sqlite:${join(work, 'smoke.db')}`;
    const help = run(bin, ['--help'], { cwd: app });
    assert.equal(help.code, 0, help.output);
    assert.match(help.output, /Usage: teahouse/);
    const migrate = run(bin, ['migrate', '--database', database], { cwd: app });
    assert.equal(migrate.code, 0, migrate.output);
    const add = run(bin, ['site', 'add', 'smoke', '--name', 'Smoke', '--origin', 'http://127.0.0.1:9', '--database', database], { cwd: app });
    assert.equal(add.code, 0, add.output);

    const server = spawn(bin, ['serve', '--port', '0', '--database', database, '--static', join(app, 'node_modules/@teahouse/embed/dist')], { cwd: app });
    try {
      const url = await new Promise((resolveUrl, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no "listening" line in 20 s:\n${output}`)), 20_000);
        const read = (chunk) => {
          output += chunk;
          const found = output.match(/listening on (http:\/\/\S+)/);
          if (found) {
            clearTimeout(timer);
            resolveUrl(found[1]);
          }
        };
        server.stdout.on('data', read);
        server.stderr.on('data', read);
        server.once('exit', (code) => reject(new Error(`teahouse serve exited (${code}):\n${output}`)));
      });
      const openapi = await fetch(`${url}/v1/openapi.json`);
      assert.equal(openapi.status, 200);
      assert.match((await openapi.json()).openapi, /^3\.1/);
      // The route from the installed protocol package, which so also loads in Node from the install.
      const { fillPath, routes } = await import(pathToFileURL(join(app, 'node_modules/@teahouse/protocol/dist/index.js')).href);
      const bootstrap = await fetch(`${url}${fillPath(routes.bootstrap, { site: 'smoke' })}?page=a-1`);
      assert.equal(bootstrap.status, 200, await bootstrap.clone().text());
      assert.equal((await bootstrap.json()).site.id, 'smoke');
      const embed = await fetch(`${url}/embed.js`);
      assert.equal(embed.status, 200);
      assert.equal(await embed.text(), readFileSync(join(app, 'node_modules/@teahouse/embed/dist/embed.js'), 'utf8'));
    } finally {
      const exited = new Promise((done) => (server.exitCode === null ? server.once('exit', done) : done()));
      server.kill('SIGTERM');
      await exited;
    }
  });
});

/** The package `name` as Node would resolve it from `fromDir`: the nearest node_modules up the tree. */
function findInstalled(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(path)) return { dir: dirname(realpathSync(path)), json: readJson(path) };
    if (dir === dirname(dir)) return null;
  }
}

/**
 * Whether every Node version `ours` allows is one `theirs` allows. `semver.subset` wants `ours` inside
 * one of the `||` parts of `theirs`, and ranges such as `20.x || 22.x || 24.x` list one part per
 * release line, so each release line of `ours` is compared on its own (up to Node 99).
 */
function withinRange(ours, theirs) {
  for (const set of new semver.Range(ours).set) {
    const part = set.map((comparator) => comparator.value).join(' ') || '*';
    for (let major = 0; major < 100; major++) {
      const line = `${part} >=${major}.0.0 <${major + 1}.0.0-0`;
      if (semver.minVersion(line) && !semver.subset(line, theirs)) return false;
    }
  }
  return true;
}
