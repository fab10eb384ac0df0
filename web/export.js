// Export: the current version at the sizes platforms ask for, each cropped around its subject by the
// service; every result is a link, with what was cut or enlarged.
const DEFAULTS = ['square-800', 'portrait-3x4', 'story-9x16'];

export class ExportPanel {
  constructor({ box, list, run, out, client, session, t, onError }) {
    Object.assign(this, { box, list, run, out, client, session, t, onError });
    this.loaded = false;
    this.last = null;
    box.addEventListener('toggle', () => box.open && this.load().catch(onError));
    run.onclick = () => this.start().catch(onError);
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
    this.loaded = true;
    this.update();
  }

  chosen() {
    return [...this.list.querySelectorAll('input:checked')].map((b) => b.value);
  }

  update() {
    this.run.disabled = !this.session() || this.chosen().length === 0;
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
