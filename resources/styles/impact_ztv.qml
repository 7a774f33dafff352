<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.7" alphaBand="-1" classificationMin="0" classificationMax="1000" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0" minimumValue="0" maximumValue="1000" labelPrecision="0">
            <item alpha="0" value="0" label="Projet invisible" color="#ffffff"/>
            <item alpha="255" value="1" label="1 partie visible" color="#fcc5c0"/>
            <item alpha="255" value="3" label="2 à 3 parties visibles" color="#f768a1"/>
            <item alpha="255" value="6" label="4 à 6 parties visibles" color="#c51b8a"/>
            <item alpha="255" value="inf" label="Plus de 6 parties visibles" color="#7a0177"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
