import { Point, origin } from "./m.js";
console.log(origin instanceof Point, new Point(1, 2).sum(), Point.name);
