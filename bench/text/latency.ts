/**
 * The timed pass: after scoring, every case is edited again `repeat` times, back to back, by Scalpel
 * and by the baseline in turn. Nothing else runs between the calls, so the medians here are the
 * edit's own cost; the scoring pass interleaves rendering, OCR of the outputs and PNG writes, and
 * its timings move with them (and with a shared host's load: see the report).
 */
import fs from 'node:fs';
import path from 'node:path';
import { edit } from '../../src/runtime/edit.js';
import { baselineEdit } from '../baseline.js';
import { type PosterCase, caseTextBox } from '../posters.js';
import { clearAnalysisCache } from '../../src/runtime/analysis-cache.js';

export interface LatencyPass {
  repeat: number;
  /** Scalpel's report timings per stage, one entry per timed edit. */
  stages: Map<string, number[]>;
  /** Wall time of each baseline call. */
  baselineMs: number[];
}

export async function latencyPass(cases: PosterCase[], outDir: string, repeat: number): Promise<LatencyPass> {
  const stages = new Map<string, number[]>();
  const baselineMs: number[] = [];
  for (let round = 0; round < repeat; round++) {
    for (const c of cases) {
      const png = fs.readFileSync(path.join(outDir, `${c.id}-old.png`));
      try {
        // Cold, as a new request: a repeat would read this image's analysis from the cache.
        clearAnalysisCache();
        const res = await edit(png, c.instruction);
        for (const [k, v] of Object.entries(res.report.timings)) {
          if (typeof v !== 'number') continue;
          if (!stages.has(k)) stages.set(k, []);
          stages.get(k)!.push(v);
        }
      } catch {
        // A failing case is reported by the scoring pass; its time says nothing about an edit.
      }
      const t0 = performance.now();
      try {
        await baselineEdit({
          png,
          box: caseTextBox(c, 'old'),
          newText: c.newText,
          color: c.color,
          newColor: c.newColor,
        });
        baselineMs.push(performance.now() - t0);
      } catch {
        // As above.
      }
    }
  }
  return { repeat, stages, baselineMs };
}
