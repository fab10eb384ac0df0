/**
 * The detector's 80 COCO classes with the names people use for them, Chinese and English. A question
 * names an object in its own words (路人, puppy, 咖啡杯); this maps the words to the class. English
 * plurals are matched by rule (see objectLabel), so only irregular ones are listed.
 */
interface Names {
  zh: readonly string[];
  en: readonly string[];
}

const n = (zh: string, en: string): Names => Object.freeze({ zh: zh.split(' '), en: en.split(',') });

export const COCO_LABELS: Readonly<Record<string, Names>> = Object.freeze({
  person: n(
    '人 人们 路人 路人甲 行人 游客 女生 男生 女士 男士 模特 人物 男人 女人 男子 女子 男孩 女孩 小孩 孩子 儿童 人类 人群 男的 女的 陌生人 老人 男朋友 女朋友 老公 老婆 老伴 朋友 同事 家人 妈妈 爸爸 奶奶 爷爷 外婆 外公 姥姥 女儿 儿子 宝宝 同学 学生 老师 小朋友 员工 店员 美女 帅哥 小姐姐 小哥哥',
    'person,people,persons,man,men,woman,women,boy,girl,child,children,kid,human,pedestrian,passer-by,passerby,passers-by,model,someone,somebody,anyone,anybody,guy,guys,lady,ladies,tourist,tourists,crowd,figure,ppl,peeps,dude,dudes,stranger,strangers,bystander,bystanders,photobomber,gentleman,boyfriend,girlfriend,husband,wife,friend,friends,crush,colleague,coworker,mom,mum,dad,mother,father,grandma,grandpa,son,daughter,baby,chap,chaps,bloke,lad,fella',
  ),
  bicycle: n('自行车 单车 脚踏车', 'bicycle,bike,cycle'),
  car: n('车 汽车 轿车 小汽车 小车 车辆 出租车 越野车', 'car,automobile,vehicle,suv,sedan,taxi,jeep'),
  motorcycle: n('摩托车 摩托 机车', 'motorcycle,motorbike'),
  airplane: n('飞机 客机', 'airplane,aeroplane,plane,aircraft,jet'),
  bus: n('公交车 公共汽车 巴士 大巴', 'bus,coach'),
  train: n('火车 列车 高铁', 'train'),
  truck: n('卡车 货车', 'truck,lorry'),
  boat: n('船 小船 轮船', 'boat,ship'),
  'traffic light': n('红绿灯 交通灯 信号灯', 'traffic light'),
  'fire hydrant': n('消防栓', 'fire hydrant,hydrant'),
  'stop sign': n('停车标志 停止标志', 'stop sign'),
  'parking meter': n('停车计时器 停车咪表', 'parking meter'),
  bench: n('长椅 长凳', 'bench'),
  bird: n('鸟 小鸟 鸽子 麻雀 乌鸦 海鸥 喜鹊', 'bird,pigeon,pigeons,sparrow,crow,seagull,gull'),
  cat: n('猫 小猫 猫咪', 'cat,kitten,kitty'),
  dog: n('狗 小狗 狗狗 犬 修勾 小狗狗', 'dog,puppy'),
  horse: n('马', 'horse,pony'),
  sheep: n('羊 绵羊 小羊', 'sheep,lamb'),
  cow: n('牛 奶牛', 'cow,cattle,bull'),
  elephant: n('大象 象', 'elephant'),
  bear: n('熊', 'bear'),
  zebra: n('斑马', 'zebra'),
  giraffe: n('长颈鹿', 'giraffe'),
  backpack: n('背包 双肩包 书包 旅行包 登山包', 'backpack,rucksack,schoolbag,school bag'),
  umbrella: n('伞 雨伞', 'umbrella'),
  handbag: n('手提包 包 包包 手袋 女包', 'handbag,bag,purse'),
  tie: n('领带', 'tie,necktie'),
  suitcase: n('行李箱 旅行箱 箱子', 'suitcase,luggage'),
  frisbee: n('飞盘', 'frisbee'),
  skis: n('雪橇 滑雪屐', 'skis,ski'),
  snowboard: n('滑雪板 单板', 'snowboard'),
  'sports ball': n(
    '球 足球 篮球 排球 网球',
    'ball,sports ball,football,soccer ball,basketball,volleyball,tennis ball',
  ),
  kite: n('风筝', 'kite'),
  'baseball bat': n('棒球棒 球棒', 'baseball bat,bat'),
  'baseball glove': n('棒球手套', 'baseball glove,mitt'),
  skateboard: n('滑板', 'skateboard'),
  surfboard: n('冲浪板', 'surfboard'),
  'tennis racket': n('网球拍 球拍', 'tennis racket,racket,racquet'),
  bottle: n('瓶子 瓶 水瓶', 'bottle'),
  'wine glass': n('酒杯 红酒杯 高脚杯', 'wine glass,wineglass'),
  // Not 咖啡 / coffee: the drink is not the cup (把杯子里的咖啡去掉 must not remove the cup).
  cup: n('杯子 杯 咖啡杯 茶杯 水杯 马克杯', 'cup,mug,coffee cup,teacup,coffee mug'),
  fork: n('叉子 叉', 'fork'),
  knife: n('刀 刀子 小刀 餐刀', 'knife,knives'),
  spoon: n('勺子 勺 汤匙 调羹', 'spoon'),
  bowl: n('碗', 'bowl'),
  banana: n('香蕉', 'banana'),
  apple: n('苹果', 'apple'),
  sandwich: n('三明治', 'sandwich'),
  orange: n('橙子 橘子 桔子 橙', 'orange'),
  broccoli: n('西兰花 西蓝花 花椰菜', 'broccoli'),
  carrot: n('胡萝卜', 'carrot'),
  'hot dog': n('热狗', 'hot dog,hotdog'),
  pizza: n('披萨 比萨', 'pizza'),
  donut: n('甜甜圈', 'donut,doughnut'),
  cake: n('蛋糕', 'cake'),
  chair: n('椅子', 'chair'),
  couch: n('沙发', 'couch,sofa'),
  'potted plant': n('盆栽 植物 绿植 盆景', 'potted plant,plant,houseplant'),
  bed: n('床', 'bed'),
  'dining table': n('餐桌 桌子 桌', 'dining table,table'),
  toilet: n('马桶 厕所', 'toilet'),
  tv: n('电视 电视机', 'tv,television,tv monitor'),
  laptop: n('笔记本电脑 笔记本 电脑', 'laptop,computer,notebook computer'),
  mouse: n('鼠标', 'mouse,computer mouse,mice'),
  remote: n('遥控器', 'remote,remote control'),
  keyboard: n('键盘', 'keyboard'),
  'cell phone': n('手机 电话 苹果手机', 'cell phone,phone,mobile phone,smartphone,cellphone,mobile,iphone'),
  microwave: n('微波炉', 'microwave,microwave oven'),
  oven: n('烤箱', 'oven'),
  toaster: n('烤面包机 吐司机', 'toaster'),
  sink: n('水槽 洗手池 水池', 'sink'),
  refrigerator: n('冰箱', 'refrigerator,fridge'),
  book: n('书 书本 书籍', 'book'),
  clock: n('钟 时钟 钟表', 'clock'),
  vase: n('花瓶', 'vase'),
  scissors: n('剪刀', 'scissors'),
  'teddy bear': n('泰迪熊 玩具熊 毛绒熊', 'teddy bear,teddy'),
  'hair drier': n('吹风机 电吹风', 'hair drier,hair dryer,hairdryer,blow dryer'),
  toothbrush: n('牙刷', 'toothbrush'),
});

/** Every name (lower case) → its class. Built once; a name listed twice is a bug the test catches. */
const BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(COCO_LABELS).flatMap(([label, names]) =>
    [label, ...names.zh, ...names.en].map((name) => [name.toLowerCase(), label] as const),
  ),
);

/** English plural → singular candidates, tried in order (buses → bus, puppies → puppy, cups → cup). */
function singulars(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith('ies')) out.push(word.slice(0, -3) + 'y');
  if (word.endsWith('ves')) out.push(word.slice(0, -3) + 'fe', word.slice(0, -3) + 'f');
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/** The COCO class a word names, or undefined. Case, inner spaces and English plurals are forgiven. */
export function objectLabel(word: string): string | undefined {
  const w = word.trim().toLowerCase().replace(/\s+/g, ' ');
  if (w === '') return undefined;
  for (const candidate of [w, ...singulars(w)]) {
    const label = BY_NAME.get(candidate);
    if (label) return label;
  }
  return undefined;
}

/** Plural names that are names of their own (people, children): listed, so not found by rule. */
const PLURALS = new Set(
  'people,persons,men,women,children,guys,ladies,tourists,dudes,strangers,bystanders,passers-by'.split(','),
);

/** True when an English word names several of a class (the bottles, people): no Chinese word does. */
export function isPluralName(word: string): boolean {
  const w = word.trim().toLowerCase();
  if (!/^[a-z][a-z -]*$/.test(w)) return false;
  if (PLURALS.has(w)) return true;
  return !BY_NAME.has(w) && singulars(w).some((s) => BY_NAME.has(s));
}

/** Every name of a class, for messages ("猫 / cat / kitten"). */
export function namesOf(label: string): string[] {
  const names = COCO_LABELS[label];
  return names ? [...names.zh, ...names.en] : [];
}
