import { defineStore } from 'pinia';
import { ref } from 'vue';

/** A volunteer the operator asked to see: by id (names are masked, many share one) and the name shown. */
export interface FocusedVolunteer {
  id: string;
  name: string;
}

/**
 * The volunteer the operator picked somewhere — their name on an incident
 * ("许* 已接单") — for the volunteer panel's leaderboard to show wherever
 * they rank. By id: the platform masks names, so "许*" is a hundred people.
 */
export const useVolunteerFocusStore = defineStore('volunteerFocus', () => {
  const focused = ref<FocusedVolunteer | null>(null);
  function focus(volunteer: FocusedVolunteer): void {
    focused.value = { ...volunteer };
  }
  function clear(): void {
    focused.value = null;
  }
  return { focused, focus, clear };
});
