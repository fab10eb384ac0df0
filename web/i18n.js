// The web app's words, in Chinese and English; the browser's language picks one, the switch the other.
export const STRINGS = {
  zh: {
    title: 'Scalpel 精修',
    tagline: '一句话改图：只改你说的，其余像素原样不动。',
    open: '打开图片',
    drop: '把图片拖到这里，或粘贴（Ctrl+V），或点击选择',
    instruction: '想怎么改？',
    placeholder: "例如：把'¥199'改成'¥169'，字体颜色变红",
    templates: '常用',
    plan: '将会这样做',
    run: '开始修改',
    running: '正在修改…',
    preview: '预览',
    result: '结果',
    before: '原图',
    after: '修改后',
    warnings: '提示',
    history: '历史版本',
    undo: '撤销',
    redo: '重做',
    download: '下载',
    original: '原图',
    key: 'API Key（服务开启了密钥时需要）',
    failed: '没有改成',
    empty: '先打开一张图片',
    lang: 'English',
    queued: '离线排队中（恢复联网后自动提交）',
    queuedNote: '现在离线：这条修改已排队，联网后会自动提交一次。',
  },
  en: {
    title: 'Scalpel',
    tagline: 'Edit an image with one sentence: only what you name changes; every other pixel stays.',
    open: 'Open image',
    drop: 'Drop an image here, paste it (Ctrl+V), or click to choose',
    instruction: 'What should change?',
    placeholder: 'e.g. Change "SALE" to "NEW" in gold',
    templates: 'Templates',
    plan: 'What will happen',
    run: 'Edit',
    running: 'Editing…',
    preview: 'Preview',
    result: 'Result',
    before: 'Before',
    after: 'After',
    warnings: 'Notes',
    history: 'History',
    undo: 'Undo',
    redo: 'Redo',
    download: 'Download',
    original: 'Original',
    key: 'API key (when the service requires one)',
    failed: 'Not done',
    empty: 'Open an image first',
    lang: '中文',
    queued: 'Waiting offline (sent when the connection returns)',
    queuedNote: 'You are offline: this edit is queued and will be sent once when the connection returns.',
  },
};

/** Templates that fill the instruction box: the edit kinds people ask for most. */
export const TEMPLATES = {
  zh: [
    ['修改文字', "把'原文字'改成'新文字'"],
    ['去掉', '去掉路人'],
    ['换颜色', '把杯子换成蓝色'],
    ['换背景', '背景换成纯白'],
    ['加LOGO', '右下角加上LOGO，留白10%'],
    ['查询', '图中有没有狗？'],
  ],
  en: [
    ['Change text', 'Change "OLD" to "NEW"'],
    ['Remove', 'remove the person on the left'],
    ['Recolour', 'make the cup blue'],
    ['Background', 'replace the background with white'],
    ['Add logo', 'add the logo at the bottom right'],
    ['Ask', 'Is there a dog?'],
  ],
};

export function language() {
  const saved = localStorage.getItem('scalpel.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
