export { useTemplate } from './api/get-template';
export { TemplateEditor } from './components/template-editor';
export { TemplatesTable } from './components/templates-table';
export { templateQueryOptions } from './api/get-template';
export { templateOptionsQueryOptions } from './api/list-templates';
export { templateVersionsQueryOptions } from './api/list-versions';
export type { TemplateChannel } from './api/types';
