import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of `pid` from /proc, or undefined when the process is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …; comm may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** Every descendant of `root` (children, grandchildren, …), found by walking /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Sends `signal` to `root` and every descendant (deepest first); ignores processes already gone. */
export function signalTree(root: number, signal: NodeJS.Signals): void {
  for (const pid of [...descendantsOf(root).reverse(), root]) {
    try {
      process.kill(pid, signal);
    } catch {
      // already exited
    }
  }
}

/** Whether a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Stops a server child and all its descendants: the tree is recorded first (descendants get
 * re-parented once their parent dies), `signal` goes to every member deepest first (or only to the
 * root with `rootOnly`, for servers that shut their children down themselves), and whatever
 * is still alive after 3 s (and still looks like `expectedName`, guarding against pid reuse)
 * gets SIGKILL.
 */
export async function stopTree(
  child: ChildProcess,
  signal: NodeJS.Signals,
  expectedName: string,
  options: { rootOnly?: boolean } = {},
): Promise<void> {
  const root = child.pid;
  if (root === undefined) return;
  const members = [...descendantsOf(root).reverse(), root];
  for (const pid of options.rootOnly === true ? [root] : members) {
    try {
      process.kill(pid, signal);
    } catch {
      // already exited
    }
  }
  const deadline = Date.now() + 3000;
  const anyAlive = (): boolean => members.some((pid) => isAlive(pid) && commandLineOf(pid).includes(expectedName));
  while (Date.now() < deadline && anyAlive()) await new Promise((r) => setTimeout(r, 25));
  for (const pid of members) {
    if (isAlive(pid) && commandLineOf(pid).includes(expectedName)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
    });
  }
}
