/**
 * A fast, faithful emulator of the ApsaraVideo VOD OpenAPI (RPC style, API version 2017-03-21) that the real
 * {@code aliyun-java-sdk-vod} client talks to.
 *
 * <p>Start it in-process with {@link dev.playgate.emulator.VodEmulator#start(EmulatorOptions)}, or run the jar
 * ({@link dev.playgate.emulator.Main}). Everything except the handful of public types is package-private.
 */
@NullMarked
package dev.playgate.emulator;

import org.jspecify.annotations.NullMarked;
