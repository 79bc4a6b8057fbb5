const x = "x as default";
export { x as default };
