/** The words on the posters: old/new text pairs, decoration lines, fonts, and instruction templates. */
import type { FontId } from '../../src/text/fonts.js';
import type { ColorRequest } from './palette.js';
import type { Rng } from './rng.js';
import type { TextKind } from './types.js';

export const FONTS: readonly FontId[] = ['sans-regular', 'sans-bold', 'serif-regular', 'serif-bold'];

export const TEXT_PAIRS: Record<TextKind, readonly [string, string][]> = {
  zh: [
    ['限时抢购', '新品首发'],
    ['全场五折', '全场八折'],
    ['新品上市', '限量发售'],
    ['会员专享', '全民福利'],
    ['春季特惠', '夏日狂欢'],
    ['立即购买', '马上抢购'],
    ['年终大促', '开年钜惠'],
    ['满300减50', '满500减80'],
  ],
  en: [
    ['SALE', 'NEW'],
    ['Summer Sale', 'Winter Sale'],
    ['BUY NOW', 'SHOP NOW'],
    ['50% OFF', '70% OFF'],
    ['Limited Offer', 'Special Offer'],
    ['OPEN', 'SOON'],
    ['Free Shipping', 'Fast Delivery'],
  ],
  price: [
    ['¥199', '¥169'],
    ['¥1299', '¥999'],
    ['$49.99', '$39.99'],
    ['¥88', '¥66'],
    ['$120', '$99'],
    ['¥59.9', '¥39.9'],
  ],
  mixed: [
    ['新品 NEW', '爆款 HOT'],
    ['仅需¥99', '仅需¥79'],
    ['买一送一', '买二送一'],
    ['HOT 热卖', 'NEW 上新'],
    ['618 大促', '双11 狂欢'],
  ],
};

export const DECOR_TEXTS = [
  'WWW.SHOP.COM',
  '官方旗舰店',
  '活动时间 6.1-6.18',
  'Limited time only',
  '品质生活',
  'BRAND',
  'Since 1998',
  '扫码关注',
  '包邮到家',
  'Best Quality',
];

export function instructionFor(
  oldText: string,
  newText: string,
  req: ColorRequest | undefined,
  zh: boolean,
  rng: Rng,
) {
  if (zh) {
    const tpl = rng.pick([
      (a: string, b: string) => `把'${a}'改成'${b}'`,
      (a: string, b: string) => `将"${a}"改为"${b}"`,
      (a: string, b: string) => `把“${a}”换成“${b}”`,
    ]);
    return tpl(oldText, newText) + (req ? req.zh : '');
  }
  const tpl = rng.pick([
    (a: string, b: string) => `Change "${a}" to "${b}"`,
    (a: string, b: string) => `Replace '${a}' with '${b}'`,
  ]);
  return tpl(oldText, newText) + (req ? req.en : '');
}
