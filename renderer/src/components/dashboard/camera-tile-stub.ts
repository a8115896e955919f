import { defineComponent, h } from 'vue';

/** Stands in for CameraTile in the dashboard's tests (its player is CameraTile.test's business): which camera a tile was given. */
export const CameraTileStub = defineComponent({
  name: 'CameraTile',
  props: { cameraId: { type: String, default: null } },
  setup: (props) => () => h('div', { 'data-testid': 'camera-tile', 'data-camera': props.cameraId }),
});
