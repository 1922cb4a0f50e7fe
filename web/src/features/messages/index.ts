export { MessageActions } from './components/message-actions';
export { ConversationTimeline } from './components/conversation-timeline';
export { MessageLog } from './components/message-log';
export { MessageTimelineDrawer } from './components/message-timeline-drawer';
export { SendMessageButton } from './components/send-message-button';
