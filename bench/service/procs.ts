/**
 * Linux /proc helpers: a process's descendants, its RSS, and the processes that carry our data dir in
 * their environment (how an orphaned worker is told apart from other sessions' workers on this host).
 */
import fs from 'node:fs';

interface Stat {
  pid: number;
  ppid: number;
  state: string;
  /** utime + stime in clock ticks (USER_HZ, 100 on Linux). */
  ticks: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: split after the last ')'.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), state: rest[0], ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined; // gone between readdir and read
  }
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** Every live descendant of `root` (children, grandchildren…), zombies left out. */
export function descendants(root: number): number[] {
  const stats = allPids()
    .map(stat)
    .filter((s): s is Stat => s !== undefined && s.state !== 'Z');
  const out: number[] = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.pop() as number;
    for (const s of stats)
      if (s.ppid === parent) {
        out.push(s.pid);
        frontier.push(s.pid);
      }
  }
  return out;
}

/** True while the process exists and is not a zombie (PID 1 here may never reap exited orphans). */
export function alive(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

/** Resident set size in bytes (VmRSS), or 0 once the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Live processes whose environment has `NAME=value`: the server and every worker it forked. */
export function withEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}\0`;
  return allPids().filter((pid) => {
    if (pid === process.pid || !alive(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(needle);
    } catch {
      return false;
    }
  });
}

/** The whole machine's busy CPU time so far, in seconds (all cores summed), from /proc/stat. */
export function machineBusyS(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100;
}

export interface RssPeaks {
  /** Highest sum over the server and its workers in one sample. */
  peakSum: number;
  /** Per process: its role ('server #1', 'worker of server #2'), pid and highest RSS. */
  perProcess: Map<number, { role: string; peak: number; cpuS: number }>;
  samples: number;
}

/** Samples VmRSS of the current server and its descendants every `everyMs` until stopped. */
export function sampleRss(current: () => { pid: number; generation: number } | undefined, everyMs = 200) {
  const peaks: RssPeaks = { peakSum: 0, perProcess: new Map(), samples: 0 };
  const tick = () => {
    const s = current();
    if (!s) return;
    let sum = 0;
    for (const pid of [s.pid, ...descendants(s.pid)]) {
      const rss = rssBytes(pid);
      sum += rss;
      const role = pid === s.pid ? `server #${s.generation}` : `worker of server #${s.generation}`;
      const p = peaks.perProcess.get(pid) ?? { role, peak: 0, cpuS: 0 };
      p.peak = Math.max(p.peak, rss);
      // CPU time as last seen: a process's last 200 ms before it dies are not counted.
      p.cpuS = Math.max(p.cpuS, (stat(pid)?.ticks ?? 0) / 100);
      peaks.perProcess.set(pid, p);
    }
    peaks.peakSum = Math.max(peaks.peakSum, sum);
    peaks.samples++;
  };
  const timer = setInterval(tick, everyMs);
  tick();
  return {
    peaks,
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
