export default "the default";
