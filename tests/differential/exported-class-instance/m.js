export class Point { constructor(x, y) { this.x = x; this.y = y; } sum() { return this.x + this.y; } }
export const origin = new Point(0, 0);
