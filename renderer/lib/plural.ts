/** "1 article", "2,048 articles": a count with its noun, for messages. */
export const plural = (n: number, noun: string) => `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`
