// Over the image: a mask painted by hand (brush and eraser; mouse, pen and touch through pointer
// events) and where the plan will act. Both canvases have the image's own size; CSS scales them.
const ACCENT = '217 56 30';

export class Overlay {
  constructor({ frame, image, where, mask, onMask }) {
    Object.assign(this, { frame, image, where, mask, onMask });
    this.tool = null;
    this.size = 32;
    this.painted = false;
    this.last = null;
    image.addEventListener('load', () => this.fit());
    mask.addEventListener('pointerdown', (e) => this.down(e));
    mask.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel']) mask.addEventListener(type, () => this.up());
  }

  /** Matches the canvases to the image shown; a new image (another version) keeps no old drawing. */
  fit() {
    const { naturalWidth: w, naturalHeight: h } = this.image;
    if (!w || (this.mask.width === w && this.mask.height === h)) return;
    for (const c of [this.where, this.mask]) [c.width, c.height] = [w, h];
    this.painted = false;
  }

  /** 'brush', 'eraser' or null (the image can be compared again). */
  use(tool) {
    this.tool = tool;
    this.frame.classList.toggle('painting', tool !== null);
  }

  clear(notify = true) {
    this.mask.getContext('2d').clearRect(0, 0, this.mask.width, this.mask.height);
    this.painted = false;
    if (notify) this.onMask();
  }

  /** Image pixels per CSS pixel of the canvas as shown. */
  scale() {
    return this.mask.width / this.mask.getBoundingClientRect().width;
  }

  at(e) {
    const r = this.mask.getBoundingClientRect();
    const s = this.scale();
    return [(e.clientX - r.left) * s, (e.clientY - r.top) * s];
  }

  down(e) {
    if (!this.tool) return;
    e.preventDefault();
    this.mask.setPointerCapture(e.pointerId);
    this.last = this.at(e);
    this.stroke(this.last);
  }

  move(e) {
    if (!this.last) return;
    const p = this.at(e);
    this.stroke(p);
    this.last = p;
  }

  up() {
    if (!this.last) return;
    this.last = null;
    this.onMask();
  }

  stroke(p) {
    const ctx = this.mask.getContext('2d');
    ctx.globalCompositeOperation = this.tool === 'eraser' ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = `rgb(${ACCENT})`;
    ctx.lineWidth = this.size * this.scale();
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...this.last);
    ctx.lineTo(...p);
    ctx.stroke();
    if (this.tool === 'brush') this.painted = true;
  }

  /** The mask as the service takes it: a PNG of the image's size, white where painted. */
  async maskBlob() {
    const { width, height } = this.mask;
    const white = document.createElement('canvas');
    [white.width, white.height] = [width, height];
    const w = white.getContext('2d');
    w.drawImage(this.mask, 0, 0);
    w.globalCompositeOperation = 'source-in';
    w.fillStyle = '#fff';
    w.fillRect(0, 0, width, height);
    const out = document.createElement('canvas');
    [out.width, out.height] = [width, height];
    const o = out.getContext('2d');
    o.fillStyle = '#000';
    o.fillRect(0, 0, width, height);
    o.drawImage(white, 0, 0);
    return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  }

  /** Draws where each step acts: its pixels tinted, its box outlined and numbered; answers with their confidence. */
  async show(where, labels) {
    const ctx = this.where.getContext('2d');
    const { width, height } = this.where;
    ctx.clearRect(0, 0, width, height);
    const s = this.scale();
    ctx.lineWidth = 2 * s;
    ctx.font = `600 ${13 * s}px system-ui, sans-serif`;
    for (const [i, step] of (where ?? []).entries()) {
      if (step.error) continue;
      if (step.mask_png) await this.tint(step.mask_png);
      const boxes = step.global
        ? [{ box: { x: 0, y: 0, width, height }, text: `${i + 1} · ${labels.whole}` }]
        : step.answer
          ? step.answer.objects.map((o) => ({
              box: o.box,
              text: `${o.text ?? o.label} ${Math.round(o.confidence * 100)}%`,
            }))
          : step.box
            ? [{ box: step.box, text: String(i + 1) }]
            : [];
      for (const { box, text } of boxes) this.label(ctx, box, text, s);
    }
  }

  async tint(url) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const { width, height } = this.where;
    const t = document.createElement('canvas');
    [t.width, t.height] = [width, height];
    const tc = t.getContext('2d');
    tc.drawImage(img, 0, 0, width, height);
    // White (may change) becomes the accent at a third opacity; black, nothing.
    const px = tc.getImageData(0, 0, width, height);
    const [r, g, b] = ACCENT.split(' ').map(Number);
    for (let i = 0; i < px.data.length; i += 4) {
      const on = px.data[i] >= 128;
      px.data[i] = r;
      px.data[i + 1] = g;
      px.data[i + 2] = b;
      px.data[i + 3] = on ? 90 : 0;
    }
    tc.putImageData(px, 0, 0);
    this.where.getContext('2d').drawImage(t, 0, 0);
  }

  label(ctx, box, text, s) {
    ctx.strokeStyle = `rgb(${ACCENT})`;
    ctx.setLineDash(box.width >= this.where.width ? [8 * s, 6 * s] : []);
    ctx.strokeRect(box.x + s, box.y + s, box.width - 2 * s, box.height - 2 * s);
    ctx.setLineDash([]);
    const pad = 4 * s;
    const w = ctx.measureText(text).width + 2 * pad;
    const h = 18 * s;
    const y = box.y >= h ? box.y - h : box.y;
    ctx.fillStyle = `rgb(${ACCENT})`;
    ctx.fillRect(box.x, y, w, h);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, box.x + pad, y + h - 5 * s);
  }

  clearWhere() {
    this.where.getContext('2d').clearRect(0, 0, this.where.width, this.where.height);
  }
}
