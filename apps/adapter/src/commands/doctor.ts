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
 * depths), every channel (reachable, root present — it creates nothing, a missing root fails —,
 * inbox listable, files no include pattern takes reported; SFTP host key pinned), every
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
        const produces = profile.kind === 'presentation' ? 'presentations' : profile.kind === 'relation' ? 'relations' : profile.kind === 'arrival' ? 'arrivals' : profile.levels?.join(', ');
        return `${p.profileName}: ${profile.format} → ${produces} (${profile.mode}); results as ${p.resultFormat}`;
      }),
    );
    let unmatched: readonly string[] = [];
    checks.push(
      await check(`channel ${c.settings.name} (${c.kind})`, async () => {
        // Looks only: a mistyped root must fail here, not be created.
        const survey = await createChannel(c).survey();
        const where = c.kind === 'sftp' ? ` on ${c.settings.connection.host}` : '';
        if (!survey.rootExists) {
          // A server's upload folder is the partner's: a missing one is a typo. A local root is ours: run creates it.
          if (c.kind === 'sftp') throw new Error(`the root ${c.settings.root} does not exist${where}: create it or fix the path (doctor creates nothing)`);
          return `root ${c.settings.root} does not exist yet (run creates it with its folders)`;
        }
        unmatched = survey.unmatched;
        return (
          `reachable; root ${c.settings.root}${where} exists; inbox: ${survey.candidates} manifest file(s)` +
          `${survey.missingFolders.length === 0 ? '' : `; folders ${survey.missingFolders.join(', ')} missing (run creates them)`}`
        );
      }),
    );
    if (unmatched.length > 0) {
      const shown = unmatched.slice(0, 10).map((n) => JSON.stringify(n)).join(', ');
      checks.push({
        name: `inbox of ${c.settings.name}`,
        ok: false,
        detail:
          `${unmatched.length} file(s) no include pattern (${JSON.stringify(c.settings.include)}) takes: ${shown}${unmatched.length > 10 ? ', …' : ''}; ` +
          'they would stay in the inbox for ever: fix the channel\'s include patterns, or ask the partner to name them so',
      });
    }
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
