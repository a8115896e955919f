import { inject, provide, ref, type InjectionKey, type Ref } from 'vue';

/** Whether the dashboard is on screen (the chief's tab): hidden, its charts keep what they draw. */
const DashboardVisibleKey: InjectionKey<Readonly<Ref<boolean>>> = Symbol('DashboardVisible');

export function provideDashboardVisible(visible: Readonly<Ref<boolean>>): void {
  provide(DashboardVisibleKey, visible);
}

/** True unless a dashboard around it says it is hidden. */
export function useDashboardVisible(): Readonly<Ref<boolean>> {
  return inject(DashboardVisibleKey, ref(true));
}
