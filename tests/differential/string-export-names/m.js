const x = 1, y = 2;
export { x as "a-b", y as "s t" };
