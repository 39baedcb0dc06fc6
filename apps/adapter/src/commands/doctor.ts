import type { AdapterConfig } from '../config/load-config.js';
import { channelProfile, connectDigitoll, openStore } from './lib/runtime.js';
import { createChannel } from '../intake/create-channel.js';

/** One check of `doctor`. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What was found (never a secret). */
  readonly detail: string;
}

function message(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
}

async function check(name: string, fn: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (error) {
    return { name, ok: false, detail: message(error) };
  }
}

/**
 * `tollkit doctor`: checks what an unattended run depends on — the store (opens, migrates, queue
 * depths), every channel (reachable, folders present, inbox listable; SFTP host key pinned), every
 * mapping profile, the Maskinporten key and token (with the clock offset against the server) and
 * Digitoll reachability (`test-auth`). Each check reports separately; nothing is sent to Customs.
 *
 * @example
 * const checks = await runDoctor(loadConfig('tollkit.yaml'));
 * process.exitCode = checks.every((c) => c.ok) ? 0 : 3;
 */
export async function runDoctor(config: AdapterConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [{ name: 'config', ok: true, detail: `${config.file}: environment ${config.environment}, ${config.channels.length} channel(s)` }];
  checks.push(
    await check(`store (${config.store.kind})`, async () => {
      const store = await openStore(config);
      try {
        const depths = await store.queueDepths();
        const open = Object.entries(depths.manifests).filter(([s, n]) => n > 0 && s !== 'archived' && s !== 'failed');
        return `open; manifests in progress: ${open.map(([s, n]) => `${s}=${n}`).join(' ') || 'none'}; outbox pending: ${depths.outboxPending}`;
      } finally {
        await store.close();
      }
    }),
  );
  for (const c of config.channels) {
    checks.push(
      await check(`profile of ${c.settings.name}`, async () => {
        const p = await channelProfile(c, config.file);
        const profile = p.profile as { kind?: string; mode?: string; format?: string; levels?: readonly string[] };
        const produces = profile.kind === 'presentation' ? 'presentations' : profile.levels?.join(', ');
        return `${p.profileName}: ${profile.format} → ${produces} (${profile.mode}); results as ${p.resultFormat}`;
      }),
    );
    checks.push(
      await check(`channel ${c.settings.name} (${c.kind})`, async () => {
        const channel = createChannel(c);
        try {
          await channel.start(() => undefined);
          const scan = await channel.scan();
          const processing = await channel.listProcessing();
          return `reachable; inbox: ${scan.ready.length} ready, ${scan.waiting.length} being written, ${scan.rejected.length} refused; processing: ${processing.length}`;
        } finally {
          await channel.stop();
        }
      }),
    );
  }
  let digitoll: Awaited<ReturnType<typeof connectDigitoll>>;
  try {
    digitoll = await connectDigitoll(config);
  } catch (error) {
    checks.push({ name: 'digitoll connection', ok: false, detail: message(error) });
    return checks;
  }
  try {
    checks.push(
      await check('maskinporten token', async () => {
        const token = await digitoll.tokens.getTokenInfo('toll:movement/road/v2');
        const offset = digitoll.tokens.clockOffsetMs;
        const skew = offset === undefined ? 'clock offset unknown' : `clock offset ${offset >= 0 ? '+' : ''}${offset} ms`;
        if (offset !== undefined && Math.abs(offset) > 10_000) throw new Error(`the local clock is off by ${offset} ms: fix NTP (grants are rejected beyond a few seconds)`);
        return `issued, valid for ${Math.round((token.expiresAt - Date.now()) / 1000)} s; ${skew}`;
      }),
    );
    checks.push(
      await check(`digitoll ${digitoll.baseUrl}`, async () => {
        const { status } = await digitoll.client.testAuth('road');
        if (status !== 200) throw new Error(`test-auth answered HTTP ${status}`);
        return `reachable, test-auth ${status}${digitoll.embeddedPlayground !== undefined ? ' (embedded playground)' : ''}`;
      }),
    );
  } finally {
    await digitoll.close();
  }
  return checks;
}

/** Human-readable doctor report. */
export function formatDoctor(checks: readonly DoctorCheck[]): string {
  return [...checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`), checks.every((c) => c.ok) ? 'all checks passed' : 'some checks failed'].join('\n');
}
