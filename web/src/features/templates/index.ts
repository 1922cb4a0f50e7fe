export { useTemplate } from './api/get-template';
export { TemplateEditor } from './components/template-editor';
export { TemplatesTable } from './components/templates-table';
