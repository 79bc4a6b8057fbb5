export const value = 'dyn';
