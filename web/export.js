// Export: the current version at the sizes platforms ask for, each cropped around its subject by the
// service; every result is a link, with what was cut or enlarged.
const DEFAULTS = ['square-800', 'portrait-3x4', 'story-9x16'];

export class ExportPanel {
  constructor({ box, list, run, out, publish, client, session, t, onError }) {
    Object.assign(this, { box, list, run, out, publish, client, session, t, onError });
    this.loaded = false;
    this.last = null;
    box.addEventListener('toggle', () => box.open && this.load().catch(onError));
    run.onclick = () => this.start().catch(onError);
    publish.run.onclick = () => this.send().catch(onError);
  }

  async load() {
    if (this.loaded) return;
    const { data } = await this.client().exports.presets();
    this.list.replaceChildren(
      ...data.map((p) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = p.id;
        box.checked = DEFAULTS.includes(p.id);
        box.onchange = () => this.update();
        const text = document.createElement('span');
        text.textContent = `${p.use} · ${p.width}×${p.height}`;
        label.append(box, text);
        return label;
      }),
    );
    const { data: targets } = await this.client().publish.targets();
    this.publish.list.replaceChildren(
      ...targets.map((tg) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = tg.id;
        box.checked = true;
        box.onchange = () => this.update();
        const text = document.createElement('span');
        text.textContent = `${tg.id} (${this.t(`target_${tg.type}`)})`;
        label.append(box, text);
        return label;
      }),
    );
    this.publish.box.hidden = targets.length === 0;
    this.loaded = true;
    this.update();
  }

  chosen() {
    return [...this.list.querySelectorAll('input:checked')].map((b) => b.value);
  }

  update() {
    this.run.disabled = !this.session() || this.chosen().length === 0;
    const targets = [...this.publish.list.querySelectorAll('input:checked')].map((b) => b.value);
    this.publish.run.disabled = !this.session() || this.chosen().length === 0 || targets.length === 0;
  }

  /** 一键发布: the chosen presets to the chosen targets, each delivery's status as it changes. */
  async send() {
    const session = this.session();
    const targets = [...this.publish.list.querySelectorAll('input:checked')].map((b) => b.value);
    if (!session || targets.length === 0) return;
    this.publish.run.disabled = true;
    const c = this.client();
    try {
      let p = await c.publish.create({ session, presets: this.chosen(), targets });
      for (;;) {
        this.publish.out.replaceChildren(
          ...p.deliveries.map((d) => {
            const li = document.createElement('li');
            li.className = d.status;
            li.textContent = `${d.target} · ${d.file} · ${this.t(`delivery_${d.status}`)}${d.attempts > 1 ? ` (${d.attempts})` : ''}${d.error && d.status === 'failed' ? ` — ${d.error}` : ''}`;
            return li;
          }),
        );
        if (p.counts.pending === 0) break;
        await new Promise((r) => setTimeout(r, 600));
        p = await c.publish.get(p.id);
      }
    } finally {
      this.update();
    }
  }

  async start() {
    const session = this.session();
    if (!session) return;
    this.run.disabled = true;
    this.out.replaceChildren();
    try {
      this.last = await this.client().exports.create({ session, presets: this.chosen() });
      this.out.replaceChildren(...this.last.exports.map((e) => this.item(e)));
    } finally {
      this.update();
    }
  }

  item(e) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = e.image.url;
    a.download = `${e.preset}.${e.image.format === 'jpeg' ? 'jpg' : e.image.format}`;
    const img = document.createElement('img');
    img.src = e.image.url;
    img.alt = e.preset;
    const name = document.createElement('span');
    name.textContent = `${e.preset} · ${e.image.width}×${e.image.height}`;
    a.append(img, name);
    li.append(a);
    for (const w of e.report.warnings) {
      const p = document.createElement('p');
      p.className = 'warn';
      p.textContent = w;
      li.append(p);
    }
    return li;
  }
}
