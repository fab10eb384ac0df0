import { ScalpelError } from '../errors.js';
import { tokenize } from '../instruction/tokens.js';

/**
 * Instructions that ask to forge: a document of record (ID, licence, certificate, invoice, seal) or a
 * signature. Read from the words of the sentence, not from one pattern per phrasing: a forging verb
 * alone (伪造, 仿造, forge, counterfeit) is enough; otherwise an editing verb together with an
 * official document or seal. Ordinary poster and product edits never name those.
 */
const FORGE = [
  '伪造',
  '仿造',
  '造假',
  '做假',
  '假造',
  '仿冒',
  '冒充',
  '变造',
  '篡改',
  '假证',
  '假章',
  '假发票',
  '假合同',
  'forge',
  'forged',
  'forging',
  'counterfeit',
  'falsify',
  'fake',
];

/** Documents of record and marks of authority. */
const OFFICIAL = [
  // seals and signatures of others
  '公章',
  '印章',
  '钢印',
  '骑缝章',
  '合同章',
  '财务章',
  '发票章',
  '法人章',
  '私章',
  '电子章',
  '红头',
  '红头文件',
  // identity and civil status
  '身份证',
  '护照',
  '驾照',
  '驾驶证',
  '行驶证',
  '户口本',
  '户口簿',
  '居住证',
  '社保卡',
  '港澳通行证',
  '通行证',
  '签证',
  '结婚证',
  '离婚证',
  '出生证明',
  '死亡证明',
  '军官证',
  '工作证',
  '学生证',
  // qualifications, records and money
  '营业执照',
  '执照',
  '许可证',
  '毕业证',
  '学位证',
  '学历证书',
  '学历',
  '成绩单',
  '资格证',
  '职称证',
  '证书',
  '房产证',
  '不动产证',
  '发票',
  '增值税发票',
  '收据',
  '银行流水',
  '存款证明',
  '收入证明',
  '在职证明',
  '病历',
  '诊断书',
  '处方',
  '体检报告',
  '核酸报告',
  '检测报告',
  '公证书',
  '判决书',
  '票据',
  '支票',
  'passport',
  'licence',
  'diploma',
  'invoice',
  'notary',
  'prescription',
  'cheque',
];
/** An identity card, in English, is two words. */
const OFFICIAL_PAIRS = [
  ['id', 'card'],
  ['identity', 'card'],
  ['driver', 'license'],
  ['driving', 'licence'],
  ['bank', 'statement'],
  ['official', 'seal'],
  ['medical', 'record'],
  ['company', 'seal'],
  ['business', 'license'],
  ['birth', 'certificate'],
  ['marriage', 'certificate'],
  ['degree', 'certificate'],
  ['business', 'licence'],
];
const SIGNATURE = ['签名', '签字', '笔迹', 'signature'];
const MIMIC = ['模仿', '仿写', '照着', 'imitate', 'copy'];
const EDIT = [
  '改',
  '改成',
  '改为',
  '换',
  '换成',
  '替换',
  '修改',
  '去掉',
  '删',
  '删掉',
  '抹掉',
  '加',
  '加上',
  '添加',
  '盖',
  '盖章',
  'p',
  'p掉',
  'ps',
  'change',
  'replace',
  'edit',
  'remove',
  'add',
  'put',
  'alter',
];

export interface ForgeryFinding {
  why: string;
  words: string[];
}

/** Why the instruction reads as a forgery request, or undefined. */
export function forgeryIn(instruction: string): ForgeryFinding | undefined {
  const words = tokenize(instruction).map((t) => t.norm);
  // Chinese words inside a longer token count (假证件 holds 假证, 上盖个 holds 盖): the segmenter
  // glues small words to their neighbours.
  const han = (x: string) => /\p{Script=Han}/u.test(x);
  const has = (list: string[]) => words.filter((w) => list.some((x) => w === x || (han(x) && w.includes(x))));
  const forge = has(FORGE);
  const official = [
    ...has(OFFICIAL),
    ...OFFICIAL_PAIRS.filter(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b)).map((p) =>
      p.join(' '),
    ),
  ];
  const signature = has(SIGNATURE);
  // "fake" is also an adjective of style (fake fur): it counts only next to a document or signature.
  const strongForge = forge.filter((w) => w !== 'fake');
  if (strongForge.length) return { why: 'it asks to forge or tamper', words: [...strongForge, ...official] };
  if (official.length && (forge.length || has(EDIT).length || signature.length))
    return { why: 'it edits a document of record or a seal', words: official };
  if (signature.length && (has(MIMIC).length || forge.length))
    return { why: "it imitates someone's signature", words: signature };
  return undefined;
}

/** Refuses, before anything else happens, an instruction that asks to forge. */
export function refuseForgery(instruction: string): void {
  const found = forgeryIn(instruction);
  if (!found) return;
  throw new ScalpelError(
    'FORGERY_REQUEST',
    `Refused: ${found.why} (${found.words.join(', ')}). Scalpel does not alter identity documents, certificates, official seals or signatures.`,
    { stage: 'parse', details: { words: found.words } },
  );
}
