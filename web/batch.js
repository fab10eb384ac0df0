// Batch: the current version × one instruction per line (regional prices, colours), run as one
// batch, followed row by row, and downloaded as one ZIP.
export class BatchPanel {
  constructor({ lines, run, zip, rows, client, source, t, onError }) {
    Object.assign(this, { lines, run, zip, rows, client, source, t, onError });
    this.batch = null;
    this.running = false;
    run.onclick = () => this.start().catch((err) => this.fail(err));
    zip.onclick = () => this.download().catch((err) => this.fail(err));
    lines.oninput = () => this.update();
  }

  instructions() {
    return this.lines.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  update() {
    this.run.disabled = this.running || !this.source() || this.instructions().length === 0;
    this.zip.disabled = !this.batch || this.batch.done === 0;
  }

  async start() {
    const list = this.instructions();
    const image = this.source();
    if (!image || list.length === 0) return;
    this.running = true;
    this.batch = null;
    this.update();
    this.draw(list.map((instruction) => ({ instruction, status: 'queued' })));
    try {
      const blob = await (await fetch(image)).blob();
      const c = this.client();
      this.batch = await c.batches.create(blob, list);
      while (this.batch.progress < 1) {
        this.draw(this.batch.jobs);
        await new Promise((r) => setTimeout(r, 500));
        this.batch = await c.batches.get(this.batch.id);
      }
      this.draw(this.batch.jobs);
    } finally {
      this.running = false;
      this.update();
    }
  }

  draw(jobs) {
    const t = this.t;
    this.rows.replaceChildren(
      ...jobs.map((j, i) => {
        const tr = document.createElement('tr');
        tr.className = j.status;
        const cells = [String(i + 1), j.instruction, t(`status_${j.status}`)].map((text) => {
          const td = document.createElement('td');
          td.textContent = text;
          return td;
        });
        if (j.error) {
          const why = document.createElement('div');
          why.className = 'why';
          why.textContent = j.error.message;
          cells[1].append(why);
        }
        const shot = document.createElement('td');
        const image = j.result?.image ?? null;
        if (image) {
          const a = document.createElement('a');
          a.href = image.url;
          a.target = '_blank';
          a.rel = 'noopener';
          const img = document.createElement('img');
          img.src = j.preview?.image?.url ?? image.url;
          img.alt = j.instruction;
          a.append(img);
          shot.append(a);
        }
        tr.append(...cells, shot);
        return tr;
      }),
    );
  }

  async download() {
    if (!this.batch) return;
    const bytes = await this.client().batches.archive(this.batch.id);
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.batch.id}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  fail(err) {
    this.running = false;
    this.update();
    this.onError(err);
  }
}
