import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** A process the test started, its output kept for assertions. */
export interface Started {
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  readonly stderr: string;
  /** Resolves when stderr has a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
  /** SIGKILL, resolved once it is gone. */
  kill(): Promise<void>;
}

function track(child: ChildProcess): Started {
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of [...waiters]) if (w.pattern.test(stderr)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    get stderr() {
      return stderr;
    },
    waitFor(pattern) {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Instance extends Started {
  url: string;
}

/** `teahouse serve` on a free port, with `env` on top of a clean one; resolves once it listens. */
export function serveInstance(env: Record<string, string>, args: string[] = []): Promise<Instance> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--trust-proxy', 'loopback', ...args], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', TEAHOUSE_REDIS_PREFIX: '', TEAHOUSE_S_MAXAGE: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = track(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) resolve({ ...started, url, get stderr() { return started.stderr; } });
    });
    child.once('exit', (code, signal) => reject(new Error(`teahouse serve exited (${code ?? signal}) before listening: ${out}${started.stderr}`)));
  });
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A Redis server of the test's own, nothing kept on disk; stop it with `kill`. */
export async function startRedis(port: number): Promise<Started> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const started = track(child);
  await waitForPort(port);
  return started;
}

export interface Nginx extends Started {
  url: string;
  /** The access log: one line per request, `<cache status> <upstream status>`. */
  log(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * nginx from the system's packages as a caching proxy in front of `origin`, on `port`, with its
 * own configuration, logs and cache in a temporary folder: what a CDN does, as nginx does it.
 * It obeys the origin's Cache-Control; concurrent misses wait for one origin request.
 */
export async function startNginx(port: number, origin: string): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const upstream = new URL(origin).host;
  await writeFile(conf, `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  log_format cache '$upstream_cache_status $upstream_status';
  access_log ${dir}/access.log cache;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache keys_zone=teahouse:10m levels=1:2 inactive=10m;
  upstream origin { server ${upstream}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache teahouse;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 10s;
      proxy_cache_revalidate on;
      proxy_buffering on;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`);
  const child = spawn('/usr/sbin/nginx', ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const started = track(child);
  const failed = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${started.stderr}`))));
  failed.catch(() => {});
  try {
    await Promise.race([waitForPort(port), failed]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...started,
    get stderr() { return started.stderr; },
    url: `http://127.0.0.1:${port}`,
    async log() {
      const text = await readFile(join(dir, 'access.log'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean);
    },
    async stop() {
      await started.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
