// The web app: open an image, say what to change, see the plan, run it, compare, undo. Built on the
// client SDK (scalpel/client), served by the service at /app/client/.
import { OfflineQueue, ScalpelClient } from '/app/client/index.js';
import { BatchPanel } from '/app/batch.js';
import { ExportPanel } from '/app/export.js';
import { language, STRINGS, TEMPLATES } from '/app/i18n.js';
import { Overlay } from '/app/paint.js';
import { PlanView } from '/app/plan.js';
import { indexedStore } from '/app/store.js';

const $ = (id) => document.getElementById(id);
let lang = language();
let session = null;
let busy = false;
let planTimer = 0;

const t = (key) => STRINGS[lang][key];
const client = () =>
  new ScalpelClient({ baseUrl: location.origin, apiKey: $('key').value || undefined, retries: 2 });
const overlay = new Overlay({
  frame: $('compare'),
  image: $('after'),
  where: $('where'),
  mask: $('mask'),
  onMask: () => schedulePlan(),
});
const head = () => session?.versions.find((v) => v.id === session.head);
const plan = new PlanView({
  list: $('plan'),
  error: $('planError'),
  note: $('planNote'),
  overlay,
  client,
  t,
  lang: () => lang,
  session: () => session?.id,
});
const batch = new BatchPanel({
  lines: $('batchLines'),
  run: $('batchRun'),
  zip: $('batchZip'),
  rows: $('batchRows'),
  client,
  source: () => head()?.image.url,
  t,
  onError: (err) => status(`${t('failed')}: ${err.message}`, true),
});
const exporter = new ExportPanel({
  box: $('exportBox'),
  list: $('presets'),
  run: $('exportRun'),
  out: $('exported'),
  publish: { box: $('publishBox'), list: $('targets'), run: $('publishRun'), out: $('deliveries') },
  client,
  session: () => session?.id,
  t,
  onError: (err) => status(`${t('failed')}: ${err.message}`, true),
});

function render() {
  document.documentElement.lang = lang === 'zh' ? 'zh' : 'en';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('instruction').placeholder = t('placeholder');
  $('lang').textContent = t('lang');
  $('batchLines').placeholder = t('batchPlaceholder');
  $('templates').replaceChildren(
    ...TEMPLATES[lang].map(([name, text]) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = name;
      b.setAttribute('role', 'listitem');
      b.onclick = () => {
        $('instruction').value = text;
        $('instruction').focus();
        schedulePlan();
      };
      return b;
    }),
  );
  updateButtons();
}

function updateButtons() {
  const text = $('instruction').value.trim();
  $('run').disabled = busy || !session || text === '';
  $('run').textContent = busy ? t('running') : t('run');
  const versions = session?.versions ?? [];
  $('undo').disabled = busy || !head()?.parent;
  $('redo').disabled = busy || !versions.some((v) => v.parent === session?.head);
  for (const tool of ['brush', 'eraser']) $(tool).setAttribute('aria-pressed', String(overlay.tool === tool));
  batch.update();
  exporter.update();
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

async function open(file) {
  if (!file || !file.type.startsWith('image/')) return;
  status('…');
  try {
    session = await client().sessions.create(file);
    const url = URL.createObjectURL(file);
    $('before').src = url;
    $('after').src = url;
    $('drop').hidden = true;
    $('compare').hidden = false;
    $('tools').hidden = false;
    $('download').hidden = true;
    $('warningsBox').hidden = true;
    showVersions();
    status('');
  } catch (err) {
    status(`${t('failed')}: ${err.message}`, true);
  }
  updateButtons();
}

function schedulePlan() {
  clearTimeout(planTimer);
  updateButtons();
  planTimer = setTimeout(() => plan.show($('instruction').value.trim()), 300);
}

/** Offline: the sentence waits in IndexedDB, under the key it will be sent with, until the connection returns. */
const queue = () => new OfflineQueue(client(), indexedStore);

async function showQueued() {
  const items = await queue().pending();
  $('queued').replaceChildren(
    ...items.map((i) => {
      const li = document.createElement('li');
      li.textContent = `${i.instruction ?? i.input?.instruction}${i.error ? ` — ${i.error.message}` : ''}`;
      return li;
    }),
  );
  $('queuedBox').hidden = items.length === 0;
}

async function flushQueued() {
  const sent = await queue().flush();
  for (const { job } of sent) if (job) await client().wait(job.id);
  if (sent.length && session) {
    session = await client().sessions.get(session.id);
    showHead();
    status(t('result'));
  }
  await showQueued();
}

async function run() {
  const text = $('instruction').value.trim();
  if (!session || !text) return;
  const mask = overlay.painted ? await overlay.maskBlob() : undefined;
  if (!navigator.onLine) {
    await queue().add({ kind: 'session', session: session.id, instruction: text, ...(mask ? { mask } : {}) });
    status(t('queuedNote'));
    await showQueued();
    return;
  }
  status(t('running'));
  const c = client();
  await busyWhile(async () => {
    const answer = await c.sessions.edit(session.id, text, { mask });
    if (answer.object === 'session.move') {
      session = answer.session;
      showHead();
    } else {
      for await (const ev of c.events(answer.id)) {
        if (ev.type === 'preview' && ev.data?.preview?.image) {
          $('after').src = ev.data.preview.image.url;
          status(t('preview'));
        }
      }
      const job = await c.wait(answer.id);
      if (job.status !== 'done') throw new Error(job.error?.message ?? job.status);
      const report = job.result?.report ?? {};
      const answered = job.result?.answer;
      if (answered)
        status(answered.exists ? `✓ ${JSON.stringify(answered.objects.map((o) => o.text ?? o.label))}` : '✗');
      else status(t('result'));
      showWarnings([...(report.warnings ?? []), ...(report.steps ?? []).flatMap((s) => s.warnings ?? [])]);
      session = await c.sessions.get(session.id);
      // The painted area was for this edit; the next one starts from a clean image.
      overlay.clear(false);
      showHead();
    }
  });
}

/** Runs one session action with the buttons disabled; a failure is said in the status line. */
async function busyWhile(work) {
  busy = true;
  updateButtons();
  try {
    await work();
  } catch (err) {
    status(`${t('failed')}: ${err.message}`, true);
  } finally {
    busy = false;
    updateButtons();
  }
}

function showHead() {
  const v = head();
  $('after').src = v.image.url;
  $('download').href = v.image.url;
  $('download').hidden = !v.parent;
  overlay.clearWhere();
  showVersions();
  updateButtons();
}

function showVersions() {
  $('versions').replaceChildren(
    ...session.versions.map((v) => {
      const li = document.createElement('li');
      li.textContent = v.instruction ?? t('original');
      if (v.id === session.head) li.className = 'head';
      return li;
    }),
  );
}

function showWarnings(list) {
  $('warnings').replaceChildren(
    ...list.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }),
  );
  $('warningsBox').hidden = list.length === 0;
}

function move(which) {
  return busyWhile(async () => {
    session = await client().sessions[which](session.id);
    showHead();
  });
}

$('file').onchange = (e) => open(e.target.files[0]);
$('drop').ondragover = (e) => {
  e.preventDefault();
  $('drop').classList.add('over');
};
$('drop').ondragleave = () => $('drop').classList.remove('over');
$('drop').ondrop = (e) => {
  e.preventDefault();
  $('drop').classList.remove('over');
  open(e.dataTransfer.files[0]);
};
$('drop').onkeydown = (e) => {
  if (e.key === 'Enter' || e.key === ' ') $('file').click();
};
document.onpaste = (e) => {
  const item = [...(e.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'));
  if (item) open(item.getAsFile());
};
$('instruction').oninput = schedulePlan;
$('instruction').onkeydown = (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
};
$('run').onclick = run;
$('undo').onclick = () => move('undo');
$('redo').onclick = () => move('redo');
for (const tool of ['brush', 'eraser']) {
  $(tool).onclick = () => {
    overlay.use(overlay.tool === tool ? null : tool);
    updateButtons();
  };
}
$('brushSize').oninput = (e) => (overlay.size = Number(e.target.value));
$('clearMask').onclick = () => overlay.clear();
$('slider').oninput = (e) => ($('afterWrap').style.clipPath = `inset(0 0 0 ${e.target.value}%)`);
$('lang').onclick = () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('scalpel.lang', lang);
  render();
  showQueued().catch(() => undefined);
};
window.addEventListener('online', () => flushQueued().catch((err) => status(err.message, true)));
$('key').value = localStorage.getItem('scalpel.key') ?? '';
$('key').onchange = () => localStorage.setItem('scalpel.key', $('key').value);
render();
