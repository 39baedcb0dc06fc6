import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SftpConnectionSettings } from '../../src/intake/sftp-channel.js';
import { trackServer, untrackServer } from './cleanup.js';
import { freePort } from './ports.js';
import { descendantsOf, stopTree } from './process-tree.js';
import { spawnUntilReady } from './spawn-ready.js';

/** A running OpenSSH sshd on loopback serving SFTP only, with its own keys. */
export interface SshdServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  /** The client's private key (OpenSSH format) the server trusts. */
  readonly privateKey: string;
  /** `SHA256:<base64>` of the server's host key, as `ssh-keygen -lf` prints it. */
  readonly hostKeyFingerprint: string;
  /** A fingerprint of another key (for "wrong key is refused" tests). */
  readonly otherFingerprint: string;
  /** A scratch folder the SFTP user can write to (absolute path, same on client and server). */
  readonly root: string;
  /** Stops the server and every session process, then starts it again on the same port and keys. */
  restart(): Promise<void>;
  /** Stops the server and every session process (no restart). */
  stop(): Promise<void>;
  /** Stops and removes every temporary file. */
  close(): Promise<void>;
  /** Pids of the running `sftp-server` processes (with `sftpServer: 'external'`), one per open SFTP session. */
  sftpServerPids(): number[];
}

function fingerprintOf(publicKeyFile: string): string {
  const out = execFileSync('/usr/bin/ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(out);
  if (match === null) throw new Error(`unexpected ssh-keygen output: ${out}`);
  return match[0];
}

function keygen(file: string): void {
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tollkit-test', '-f', file]);
}

/**
 * Starts Debian's sshd as a child process bound to 127.0.0.1 on a free port, with its own config,
 * host key, client key and pid file in a temporary folder. SFTP only (`ForceCommand internal-sftp`),
 * public-key auth only; `deniedSftpRequests` bans SFTP requests (`internal-sftp -P`), e.g.
 * `['posix-rename']` for a server without atomic replace. `close()` signals every descendant (sshd forks one process per session
 * that calls setsid) and removes the folder.
 *
 * @example
 * ```ts
 * const sshd = await startSshd();
 * afterAll(() => sshd.close());
 * ```
 */
export async function startSshd(
  options: {
    deniedSftpRequests?: readonly string[];
    /**
     * `external`: each SFTP session runs Debian's separate `sftp-server` process (a child of the
     * session), so a test can SIGSTOP the SFTP subsystem while SSH itself (keep-alives) still answers.
     */
    sftpServer?: 'internal' | 'external';
  } = {},
): Promise<SshdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-sshd-'));
  const root = join(dir, 'files');
  mkdirSync(root);
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  keygen(join(dir, 'other_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')));
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  // `-P` bans SFTP requests (e.g. posix-rename) to imitate servers that lack them.
  const denied = options.deniedSftpRequests ?? [];
  const program = options.sftpServer === 'external' ? '/usr/lib/openssh/sftp-server' : 'internal-sftp';
  const sftpCommand = denied.length > 0 ? `${program} -P ${denied.join(',')}` : program;
  if (isRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `UsePAM ${isRoot ? 'no' : 'yes'}`,
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'MaxStartups 100:30:200',
    'MaxSessions 50',
    `Subsystem sftp ${sftpCommand}`,
    `ForceCommand ${sftpCommand}`,
    'LogLevel INFO',
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), `${config}\n`);

  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const started = await spawnUntilReady('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      readyText: 'Server listening on',
    });
    child = started.child;
    trackServer(started.child, dir);
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current?.pid === undefined) return;
    await stopTree(current, 'SIGTERM', 'sshd');
    untrackServer(current);
  };
  await start();

  return {
    host: '127.0.0.1',
    port,
    username: userInfo().username,
    privateKey: readFileSync(join(dir, 'client_ed25519'), 'utf8'),
    hostKeyFingerprint: fingerprintOf(join(dir, 'host_ed25519.pub')),
    otherFingerprint: fingerprintOf(join(dir, 'other_ed25519.pub')),
    root,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
    sftpServerPids: () =>
      child?.pid === undefined
        ? []
        : descendantsOf(child.pid).filter((pid) => {
            try {
              return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/usr/lib/openssh/sftp-server');
            } catch {
              return false;
            }
          }),
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts an sshd for the current test file and closes it after the file's tests (vitest hooks).
 *
 * @example
 * ```ts
 * const sshd = useSshd();
 * it('…', () => { sshd().port; });
 * ```
 */
export function useSshd(options: Parameters<typeof startSshd>[0] = {}): () => SshdServer {
  let server: SshdServer | undefined;
  beforeAll(async () => {
    server = await startSshd(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error('useSshd: the server is only available inside tests');
    return server;
  };
}

/** Connection settings of an SFTP channel to `sshd` (its trusted client key, its host key pinned), then `overrides`. */
export function sftpConnectionTo(sshd: SshdServer, overrides: Partial<SftpConnectionSettings> = {}): SftpConnectionSettings {
  return {
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.privateKey,
    hostKeyFingerprints: [sshd.hostKeyFingerprint],
    ...overrides,
  };
}
