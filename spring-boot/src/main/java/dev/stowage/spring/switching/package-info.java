/**
 * The switching backend of stowage-migration in the starter: its beans
 * ({@link dev.stowage.spring.switching.StowageSwitchingAutoConfiguration}) when a store moves.
 */
package dev.stowage.spring.switching;
