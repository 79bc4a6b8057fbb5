export const v = 'same';
