/** The capture script is bundled as text (esbuild `loader: { '.sh': 'text' }`, vitest plugin). */
declare module '*.sh' {
  const text: string;
  export default text;
}
