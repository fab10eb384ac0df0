import { ScalpelError } from '../errors.js';

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  flags: Record<string, string | boolean>;
}

/** Flags that take a value; every other flag is a boolean switch. */
const VALUED = new Set([
  '-o',
  '--output',
  '--mask',
  '--asset',
  '--format',
  '--max-length',
  '--engine',
  '--lang',
  '--label-corner',
  '--label-text',
  // feasibility
  '--model',
  '--device',
  '--precision',
  // serve and keys
  '--port',
  '--host',
  '--data-dir',
  '--name',
  '--rate',
  '--quota',
  // worker
  '--redis',
  '--queue',
  '--storage',
  '--concurrency',
]);
const SWITCHES = new Set(['--json', '--help', '-h', '--version', '-v', '--visible-label']);

/** A small, strict argv parser: unknown flags are errors that list the valid ones. */
export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const [name, inline] =
        arg.startsWith('--') && arg.includes('=')
          ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
          : [arg, undefined];
      if (VALUED.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw usage(`The option ${name} needs a value.`);
        flags[name === '-o' ? '--output' : name] = value;
      } else if (SWITCHES.has(name)) {
        flags[name === '-h' ? '--help' : name === '-v' ? '--version' : name] = true;
      } else {
        throw usage(`Unknown option '${name}'. Valid options: ${[...VALUED, ...SWITCHES].join(', ')}.`);
      }
      continue;
    }
    positional.push(arg);
  }
  return { command: positional.shift(), positional, flags };
}

export function usage(message: string, details: Record<string, unknown> = {}): ScalpelError {
  return new ScalpelError('INVALID_ARGUMENT', message, { stage: 'args', details });
}
