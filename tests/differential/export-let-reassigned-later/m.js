export let later;
export const set = () => { later = 'set'; };
