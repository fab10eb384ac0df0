/**
 * Every plan the corpus yields can be said in English and in Chinese: one line per step, and the
 * Chinese one uses the Chinese names of objects, colours, places and presets (no English left in it
 * beyond what the user typed: quoted texts, prompts, hex colours).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EditStep } from '../types.js';
import { describePlan } from './describe.js';
import { planInstruction } from './index.js';

const DIR = fileURLToPath(new URL('../../test/phrases/', import.meta.url));

function corpus(): { in: string; ctx?: { mask?: boolean; asset?: boolean } }[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(DIR, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as { in: string; ctx?: { mask?: boolean; asset?: boolean } });
}

/** What the user typed may stay in the user's words: quoted texts and prompts. */
function typed(step: EditStep): string[] {
  const out: string[] = [];
  if (step.op === 'replace-text') out.push(step.params.text, step.target.text);
  if (step.op === 'edit') out.push(step.params.prompt);
  if (step.op === 'query' && 'text' in step.target && step.target.text) out.push(step.target.text);
  if ('target' in step && step.target && 'text' in step.target && typeof step.target.text === 'string')
    out.push(step.target.text);
  if (step.op === 'add' && step.params.content.kind === 'text') out.push(step.params.content.text);
  return out;
}

describe('describePlan', () => {
  it('says every corpus plan in both languages, one line per step, the Chinese one in Chinese', () => {
    let plans = 0;
    for (const entry of corpus()) {
      let plan;
      try {
        plan = planInstruction(entry.in, { context: entry.ctx ?? {} });
      } catch {
        continue;
      }
      plans++;
      const en = describePlan(plan);
      const zh = describePlan(plan, 'zh');
      expect(zh.length, entry.in).toBe(en.length);
      for (const [i, step] of plan.steps.entries()) {
        let line = zh[i];
        // Longest first, so that 'S' does not eat the S of 'Small'.
        for (const t of typed(step).sort((a, b) => b.length - a.length)) line = line.split(t).join('');
        // Hex colours (#1e90ff) and multipliers (×1.25) are not words; LOGO is a Chinese word too.
        line = line
          .replace(/#[0-9a-f]{6}/gi, '')
          .replace(/×[\d.]+/g, '')
          .replace('LOGO', '');
        expect(line, `${entry.in} → ${zh[i]}`).toMatch(/\p{Script=Han}/u);
        expect(line, `${entry.in} → ${zh[i]}`).not.toMatch(/[A-Za-z]{3,}/);
      }
    }
    expect(plans).toBeGreaterThan(1500);
  });

  it('reads as a person would say it', () => {
    const say = (s: string, context = {}) => describePlan(planInstruction(s, { context }), 'zh');
    expect(say("把'¥199'改成'¥169'，字体颜色变红")).toEqual([
      '把文字「¥199」改成「¥169」，颜色红色，其余保持原样式',
    ]);
    expect(say('把左边的人去掉')).toEqual(['去掉左侧的人，并补全后面的画面']);
    expect(say('背景换成纯白')).toEqual(['背景换成白色']);
    expect(say('右下角加上LOGO，留白10%', { asset: true })).toEqual(['在右下角加你上传的LOGO（留白10%）']);
  });
});
