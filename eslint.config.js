import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Another feature's files, by alias or by a relative path out of this feature (features/<name>/
// holds api/ and components/ one level deep, so `../../` leaves the feature).
const featureInternals = {
  group: ['**/features/*/*', '../../*/**'],
  message: "import another feature through its public entry, '@/features/<name>'",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/dist/**',
      'data/**',
      '.tmp/**',
      'server/src/db/migrations/**',
      'web/src/lib/api/schema.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Lint knows the types (STYLE §17): promises and exhaustive switches are errors.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**', 'e2e/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Server boundaries (STYLE §1, decision 022): a feature uses another only through its
    // index.ts; tests may reach into the feature they test and its neighbours' fixtures.
    files: ['server/src/features/*/*.ts'],
    ignores: ['**/*.test.ts', '**/*test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./[^./][^/]*/(?!index\.js$)`,
              message: 'import another feature through its index.ts',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/features/*/*/*.ts'],
    ignores: ['**/*.test.ts', '**/*test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./\.\./[^./][^/]*/(?!index\.js$)`,
              message: 'import another feature through its index.ts',
            },
          ],
        },
      ],
    },
  },
  {
    // The platform and the providers are what features are built on: they import no feature.
    files: ['server/src/platform/**/*.ts', 'server/src/providers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/features/**'], message: 'platform/ and providers/ import no feature' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Imports flow shared → features → app (STYLE §13), and a feature is used through its
      // public entry, features/<name>/index.ts, never through its api/ or components/ files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/*', '**/app'],
              message: 'features and shared code must not import from app/',
            },
            featureInternals,
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/app/**', 'web/src/main.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [featureInternals] }] },
  },
  {
    files: ['web/src/components/**', 'web/src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/*', '**/app'], message: 'shared code must not import from app/' },
            { group: ['**/features/*'], message: 'shared code must not import from features/' },
          ],
        },
      ],
    },
  },
);
