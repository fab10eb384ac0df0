// What Scalpel understood, before anything runs: the plan in words at once, then (about a second
// later) where each step acts, drawn over the image; a step whose target is missing says so.
export class PlanView {
  constructor({ list, error, note, overlay, client, t, lang, session }) {
    Object.assign(this, { list, error, note, overlay, client, t, lang, session });
    this.seq = 0;
  }

  async show(text) {
    const seq = ++this.seq;
    const stale = () => seq !== this.seq;
    this.list.replaceChildren();
    this.error.hidden = true;
    this.note.textContent = '';
    this.overlay.clearWhere();
    if (!text) return;
    const mask = this.overlay.painted ? await this.overlay.maskBlob() : undefined;
    const t = this.t;
    try {
      const c = this.client();
      const words = await c.plan(text, { lang: this.lang(), mask: mask !== undefined });
      if (stale()) return;
      const items = this.items(words);
      const session = this.session();
      if (!session || !navigator.onLine) return;
      this.note.textContent = t('locating');
      const { where } = await c.plan(text, { lang: this.lang(), session, ...(mask ? { mask } : {}) });
      if (stale()) return;
      this.note.textContent = mask ? t('painted') : '';
      for (const [i, w] of (where ?? []).entries()) {
        if (!w.error || !items[i]) continue;
        const p = document.createElement('p');
        p.className = 'error';
        p.textContent = `${t('notFound')}: ${w.error.message}`;
        items[i].append(p);
      }
      await this.overlay.show(where, { whole: t('whole') });
    } catch (err) {
      if (stale()) return;
      this.note.textContent = '';
      this.error.textContent = err.message;
      this.error.hidden = false;
    }
  }

  items({ summary, engines }) {
    const items = summary.map((words, i) => {
      const li = document.createElement('li');
      li.textContent = words;
      if (engines[i]) {
        const e = document.createElement('span');
        e.className = 'engine';
        e.textContent = engines[i];
        li.append(e);
      }
      return li;
    });
    this.list.replaceChildren(...items);
    return items;
  }
}
