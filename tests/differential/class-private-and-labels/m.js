export const x = 'priv';
